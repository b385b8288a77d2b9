// The log-in session of this browser tab and the switchboard's HTTP API.
// The token lives in sessionStorage: it goes with the tab, never into a URL (URLs are logged).

const KEY = 'vaxel.session';
/** Set once this tab logs out: a request still in flight then gets a 401 that must not say "expired". */
let loggingOut = false;

export function saveSession(answer) {
  sessionStorage.setItem(KEY, JSON.stringify({ token: answer.token, user: answer.user, expiresAt: answer.expiresAt }));
}

export function currentSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY));
    return s && s.token ? s : null;
  } catch {
    return null;
  }
}

export function forgetSession() {
  sessionStorage.removeItem(KEY);
}

/** The session of this tab, or back to the log-in page (which says why). */
export function requireSession(role) {
  const s = currentSession();
  if (!s) {
    location.replace('./?reason=login');
    return null;
  }
  if (role && !(s.user.roles || []).includes(role) && !(s.user.roles || []).includes('supervisor')) {
    location.replace('./?reason=role');
    return null;
  }
  return s;
}

export class ApiError extends Error {
  constructor(status, message, retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** A call to the HTTP API as the logged-in member of staff; the JSON answer, or an ApiError. */
export async function api(method, path, body) {
  const s = currentSession();
  const headers = { Accept: 'application/json' };
  if (s) headers.Authorization = `Bearer ${s.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network');
  }
  const text = await response.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch { json = {}; }
  if (!response.ok) {
    if (response.status === 401 && s && path !== '/api/session' && !loggingOut) {
      forgetSession();
      location.replace('./?reason=expired');
    }
    throw new ApiError(response.status, json.error || response.statusText, response.headers.get('Retry-After'));
  }
  return json;
}

/**
 * The log-in ended while the desk was open (the switchboard closed its socket with 4401): expired, or logged out
 * in another tab. Back to the log-in page, which says which.
 */
export function sessionEnded(how) {
  forgetSession();
  location.replace(`./?reason=${how === 'logged_out' ? 'ended' : 'expired'}`);
}

/** Logs out on the server (the token stops working on every node) and in this tab. */
export async function logOut() {
  loggingOut = true;
  try { await api('DELETE', '/api/session'); } catch { /* gone already: logged out all the same */ }
  forgetSession();
  location.replace('./?reason=logout');
}
