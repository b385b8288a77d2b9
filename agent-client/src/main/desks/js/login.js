// The log-in page: POST /api/session, then on to the desk of the member of staff's role (the wallboard for those who watch).
import { api, ApiError, currentSession, saveSession } from './session.js';
import { $, show } from './dom.js';

const REASONS = {
  login: 'Logga in för att öppna skrivbordet.',
  expired: 'Inloggningen har gått ut. Logga in igen.',
  ended: 'Du har loggats ut, i en annan flik eller ett annat fönster. Logga in igen.',
  logout: 'Du är utloggad.',
  role: 'Du saknar behörighet till det skrivbordet.',
};

function deskOf(roles) {
  const agent = roles.includes('agent') || roles.includes('supervisor');
  const officer = roles.includes('officer') || roles.includes('supervisor');
  return { agent, officer };
}

/** Those who watch the contact centre (the live APIs' roles) start at the wallboard; a supervisor's desks are linked there. */
function watches(roles) {
  return ['supervisor', 'admin', 'wallboard'].some((r) => roles.includes(r));
}

function goOn(user) {
  if (watches(user.roles || [])) return location.assign('wallboard.html');
  const { agent, officer } = deskOf(user.roles || []);
  if (agent && !officer) return location.assign('agent.html');
  if (officer && !agent) return location.assign('officer.html');
  $('#login').hidden = !!(agent || officer);
  $('#to-agent').hidden = !agent;
  $('#to-officer').hidden = !officer;
  $('#choose').hidden = !(agent || officer);
  if (agent || officer) $('#choose-heading').focus();
  else show($('#error'), 'Ditt konto har inget skrivbord i Växel (varken agent eller handläggare).', true);
}

const reason = new URLSearchParams(location.search).get('reason');
if (REASONS[reason]) show($('#reason'), REASONS[reason]);

const existing = currentSession();
if (existing && !reason) goOn(existing.user);

$('#login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = $('#user').value.trim();
  const password = $('#password').value;
  const error = $('#error');
  show(error, '');
  if (!user || !password) {
    show(error, !user ? 'Fyll i ditt användarnamn.' : 'Fyll i ditt lösenord.', true);
    (!user ? $('#user') : $('#password')).focus();
    return;
  }
  const button = event.submitter || $('#login button');
  button.disabled = true;
  try {
    const answer = await api('POST', '/api/session', { user, password });
    saveSession(answer);
    goOn(answer.user);
  } catch (e) {
    const text = !(e instanceof ApiError) || e.status === 0 ? 'Växeln svarar inte. Försök igen om en stund.'
      : e.status === 401 ? 'Fel användarnamn eller lösenord.'
        : e.status === 429 ? `För många försök. Vänta ${e.retryAfter || 'en stund'} sekunder och försök igen.`
          : `Inloggningen misslyckades (${e.status}).`;
    show(error, text, true);
    $('#password').value = '';
    $('#password').focus();
  } finally {
    button.disabled = false;
  }
});
