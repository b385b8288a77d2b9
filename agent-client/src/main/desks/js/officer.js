// The handling officer's desk: their departments' matters (GET /api/matters), claim, call back, release and
// close with feedback (POST /api/matters/{id}/...). The switchboard sends a `matter` message on the desk
// WebSocket whenever one of her departments' matters changes: the list (and the matter open) is read again
// then. Whenever the socket is away the list is read every 30 s, and once more when it is back without a full
// resume (what changed meanwhile was not replayed).
import { api, ApiError, logOut, requireSession, sessionEnded } from './session.js';
import { DeskSocket } from './socket.js';
import { $, announce, el, facts, show } from './dom.js';
import { formatDateTime, label, sv } from './text.js';

const POLL_MS = 30000;
const SETTLE_MS = 150; // matter messages in a burst (a supervisor's every department) make one read
const session = requireSession('officer');
let departments = new Map();
let selected = null; // the matter shown, with its timeline
let socket = null;
let pollTimer = null;
let refreshTimer = null;
let welcomed = false;

function departmentName(id) {
  return departments.get(id) || id;
}

function refusal(e) {
  if (!(e instanceof ApiError) || e.status === 0) return 'Växeln svarar inte. Försök igen.';
  if (e.status === 409) return `Går inte: ${e.message}`;
  if (e.status === 403) return 'Du får inte göra det med det här ärendet.';
  if (e.status === 404) return 'Ärendet finns inte (längre) för dig.';
  return `Det gick inte (${e.status}): ${e.message}`;
}

async function loadDepartments() {
  try {
    const office = await api('GET', '/api/back-office');
    departments = new Map(office.departments.map((d) => [d.id, d.name || d.id]));
    const mine = session.user.roles.includes('supervisor') ? [...departments.keys()]
      : office.departments.filter((d) => (d.officers || []).some((o) => (o.id || o) === session.user.id)).map((d) => d.id);
    const select = $('#department');
    for (const id of mine) select.append(el('option', { value: id, text: departmentName(id) }));
  } catch {
    // the list still works, with department ids for names
  }
}

function query(status) {
  const p = new URLSearchParams();
  p.set('status', status);
  if ($('#department').value) p.set('department', $('#department').value);
  if ($('#overdue').checked) p.set('overdue', 'true');
  p.set('size', '100');
  return `/api/matters?${p}`;
}

/** The API takes one status at a time: "new and claimed" is two pages, most urgent (earliest deadline) first. */
async function loadList() {
  const box = $('#list-message');
  try {
    const pages = await Promise.all($('#status').value.split(',').map((status) => api('GET', query(status))));
    const matters = pages.flatMap((p) => p.matters)
      .sort((a, b) => new Date(a.deadline) - new Date(b.deadline));
    renderList(matters, pages.reduce((sum, p) => sum + p.total, 0));
  } catch (e) {
    show(box, refusal(e), true);
  }
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(loadList, SETTLE_MS);
}

function renderList(matters, total) {
  const list = $('#matters');
  // The list is rebuilt when a matter changes: a keyboard user on one of its buttons stays on it.
  const focusedMeta = document.activeElement && document.activeElement.classList.contains('matter-open')
    ? document.activeElement.getAttribute('aria-describedby') : null;
  list.replaceChildren(...matters.map((m) => {
    const metaId = `meta-${m.id}`;
    const open = el('button', { type: 'button', class: 'matter-open', 'aria-describedby': metaId,
      'aria-current': selected && selected.id === m.id ? 'true' : null }, m.summary || '(ingen sammanfattning)');
    open.addEventListener('click', () => select(m.id));
    return el('li', {},
      open,
      el('p', { class: 'meta', id: metaId },
        m.overdue ? el('span', { class: 'flag' }, 'Försenad') : null, m.overdue ? ' ' : null,
        `${label(sv.matterStatus, m.status)} · ${departmentName(m.department)} · ${m.callerNumber || 'okänt nummer'}`
        + ` · svar senast ${formatDateTime(m.deadline)}${m.officer ? ` · ${m.officer}` : ''}`));
  }));
  if (focusedMeta) {
    const again = [...list.querySelectorAll('.matter-open')].find((b) => b.getAttribute('aria-describedby') === focusedMeta);
    if (again) again.focus();
  }
  const overdue = matters.filter((m) => m.overdue).length;
  show($('#list-message'), matters.length === 0 ? 'Inga ärenden att visa.'
    : `${matters.length} ${matters.length === 1 ? 'ärende' : 'ärenden'}${total > matters.length ? ` av ${total}` : ''}`
      + `${overdue ? `, ${overdue} ${overdue === 1 ? 'försenat' : 'försenade'}` : ''}.`);
}

async function select(id, focus = true) {
  try {
    selected = await api('GET', `/api/matters/${encodeURIComponent(id)}`);
  } catch (e) {
    show($('#list-message'), refusal(e), true);
    return;
  }
  renderMatter();
  for (const b of document.querySelectorAll('.matter-open')) b.removeAttribute('aria-current');
  const mine = [...document.querySelectorAll('.matter-open')].find((b) => b.getAttribute('aria-describedby') === `meta-${id}`);
  if (mine) mine.setAttribute('aria-current', 'true');
  if (focus) $('#matter-heading').focus();
}

function renderMatter() {
  const m = selected;
  $('#matter').hidden = false;
  $('#matter-heading').textContent = `Ärende: ${m.summary || m.id}`;
  $('#matter-facts').replaceChildren(facts([
    ['Status', m.overdue ? el('span', {}, el('span', { class: 'flag' }, 'Försenad'), ' ', label(sv.matterStatus, m.status))
      : label(sv.matterStatus, m.status)],
    ['Avdelning', departmentName(m.department)],
    ['Sammanfattning', m.summary],
    ['Telefonnummer', m.callerNumber],
    ['Medborgare', m.citizen || 'Inte identifierad'],
    ['Tjänst', m.service],
    ['Överlämnat', `${formatDateTime(m.transferredAt)} av ${m.transferredBy || '–'}`],
    ['Svar senast', formatDateTime(m.deadline)],
    ['Handläggare', m.officer || 'Ingen ännu'],
    ...(m.status === 'closed' ? [['Återkoppling', m.feedback], ['Stängt', formatDateTime(m.closedAt)]] : []),
  ]));
  const mineNow = m.officer === session.user.id;
  $('#claim').hidden = m.status !== 'open';
  $('#call-back').hidden = !(m.status === 'claimed' && mineNow);
  $('#release').hidden = !(m.status === 'claimed' && (mineNow || session.user.roles.includes('supervisor')));
  $('#close-form').hidden = !(m.status === 'claimed' && (mineNow || session.user.roles.includes('supervisor')));
  $('#timeline').replaceChildren(...(m.timeline || []).map((t) => el('li', {},
    `${formatDateTime(t.at)}: ${label(sv.timeline, t.what)}${t.who ? ` (${t.who})` : ''}${t.detail ? ` – ${t.detail}` : ''}`)));
}

async function act(path, body, done) {
  const box = $('#matter-message');
  show(box, '');
  try {
    await api('POST', `/api/matters/${encodeURIComponent(selected.id)}/${path}`, body);
    await select(selected.id, false);
    show(box, done);
    announce($('#announcer'), done);
    await loadList();
    return true;
  } catch (e) {
    show(box, refusal(e), true);
    return false;
  }
}

$('#claim').addEventListener('click', async () => {
  if (await act('claim', {}, 'Du har tagit ärendet.')) $('#call-back').focus();
});
$('#call-back').addEventListener('click', () => act('call-back', {}, 'Din telefon ringer nu; när du svarar rings medborgaren upp.'));
$('#release').addEventListener('click', async () => {
  if (await act('release', {}, 'Ärendet är släppt och tillbaka bland de nya.')) $('#matter-heading').focus();
});
$('#close-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const feedback = $('#feedback').value.trim();
  if (!feedback) {
    show($('#matter-message'), 'Skriv återkopplingen innan du stänger ärendet.', true);
    $('#feedback').focus();
    return;
  }
  if (await act('close', { feedback }, 'Ärendet är stängt med återkopplingen.')) {
    $('#feedback').value = '';
    $('#matter-message').setAttribute('tabindex', '-1');
    $('#matter-message').focus();
  }
});
$('#filter').addEventListener('submit', (event) => {
  event.preventDefault();
  loadList();
});
$('#logout').addEventListener('click', () => {
  if (socket) socket.close();
  logOut();
});

function connect() {
  socket = new DeskSocket(session.token, {
    onStatus: (status) => {
      $('#connection').textContent = sv.connection[status] || '';
      clearInterval(pollTimer);
      if (status !== 'open') pollTimer = setInterval(loadList, POLL_MS);
    },
    onMessage: (msg) => {
      if (msg.type === 'welcome') {
        if (welcomed && !msg.resumed) refreshSoon(); // back, but what changed meanwhile was not replayed
        welcomed = true;
      } else if (msg.type === 'matter') {
        refreshSoon();
        if (selected && selected.id === msg.id) select(msg.id, false);
      }
    },
    onUnauthenticated: sessionEnded,
  });
  socket.connect();
}

if (session) {
  $('#who').textContent = `${session.user.name} (${session.user.id})`;
  loadDepartments().then(loadList);
  connect();
}
