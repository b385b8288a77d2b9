// The agent's desk: state controls, the screen pop, the case form and the transfer to a department, over the
// desk WebSocket (PROTOCOL.md). The case form and the transfer fall back on their HTTP twins
// (PATCH /api/cases/{id}, POST /api/matters) while the socket is away; the state controls have no such twin.
import { api, ApiError, logOut, requireSession, sessionEnded } from './session.js';
import { DeskSocket } from './socket.js';
import { $, announce, el, facts, show } from './dom.js';
import { formatDateTime, formatSeconds, formatTime, label, sv } from './text.js';

const session = requireSession('agent');
let socket = null;
let agent = null; // {state, since, reason, callId}
let pop = null; // the pop shown, with callState
let departments = new Map();

// Which state controls make sense in which state (the switchboard decides; a refusal is shown).
const ENABLED = {
  available: ['logged_out', 'paused'],
  pause: ['available', 'wrap_up', 'paused'],
  'end-wrap-up': ['wrap_up'],
  'leave-queues': ['available', 'paused', 'wrap_up'],
};

function renderState() {
  const online = socket && socket.connected;
  const state = agent ? agent.state : online ? 'no_agent' : 'unknown';
  const badge = $('#state');
  badge.className = `state ${state}`;
  badge.textContent = label(sv.agentState, state) + (state === 'paused' && agent.reason ? ` (${label(sv.pauseReason, agent.reason)})` : '');
  $('#state-since').textContent = agent && agent.since ? `sedan ${formatTime(agent.since)}` : '';
  for (const [id, states] of Object.entries(ENABLED)) {
    $(`#${id}`).disabled = !online || !states.includes(state);
  }
}

// Said in Swedish alone: the switchboard's English detail adds nothing to these.
const OWN_WORDS = ['not_received', 'unknown', 'offline'];

function socketRefusal(e) {
  const detail = e.message && e.message !== e.code && !OWN_WORDS.includes(e.code) ? `: ${e.message}` : '';
  return `${label(sv.socketError, e.code)}${detail}.`;
}

/**
 * A conflict: the state changed as the agent asked (the phone rang as she pressed Pausa). The switchboard has
 * sent the new state before its answer, so the state known now says why.
 */
function conflictText(type) {
  const why = agent && sv.becauseState[agent.state];
  return `Det gick inte att ${label(sv.command, type)} ${why ? `eftersom ${why}` : 'i det här läget'}.`;
}

/**
 * Whether the agent's state, as the welcome after a reconnect reported it, shows the command done: for an answer
 * 'unknown' (a switchboard that has no record of it, e.g. another node), which comes after that welcome.
 */
function shownDone(type, fields) {
  const now = agent ? agent.state : null;
  switch (type) {
    case 'available': return now === 'available';
    case 'pause': return now === 'paused' && agent.reason === fields.reason;
    case 'logout': return now === 'logged_out';
    case 'endWrapUp': return now !== null && now !== 'wrap_up';
    default: return false;
  }
}

async function stateCommand(type, fields, doneText) {
  const box = $('#state-message');
  show(box, '');
  try {
    await socket.send(type, fields);
    show(box, doneText);
  } catch (e) {
    if (e.code === 'unknown' && shownDone(type, fields)) show(box, doneText);
    else if (e.code === 'unknown') show(box, `${socketRefusal(e)} ${sv.stateNow} ${label(sv.agentState, agent ? agent.state : 'unknown')}.`);
    else show(box, e.code === 'conflict' ? conflictText(type) : socketRefusal(e), true);
  }
}

function citizenView(citizen) {
  if (!citizen) return 'Inte identifierad';
  if (citizen.protectedIdentity) return el('span', { class: 'protected' }, 'Skyddad identitet');
  return [citizen.name, citizen.personalIdentityNumber, citizen.address].filter(Boolean).join(', ') || citizen.id;
}

function serviceName(service) {
  if (!service) return '–';
  return typeof service === 'string' ? service : service.name || service.id;
}

function popSentence(p) {
  const who = !p.citizen ? (p.callerNumber || 'okänt nummer')
    : p.citizen.protectedIdentity ? 'skyddad identitet' : (p.citizen.name || p.callerNumber);
  // Any field but the callId may be null (not known yet): what is not known is not said.
  return [`Nytt samtal från ${who}.`, p.service ? `Tjänst: ${serviceName(p.service)}.` : null,
    typeof p.waitedSeconds === 'number' ? `Väntat ${formatSeconds(p.waitedSeconds)}.` : null].filter(Boolean).join(' ');
}

/** A pop in the welcome (with its state) or a pop message (ringing): one pop shown per callId. */
function receivePop(p, announceIt) {
  const callState = p.state || 'ringing';
  if (pop && pop.callId === p.callId) {
    // Shown already (a resume, or a pop replayed and in the welcome too): its state only, the form as typed.
    if (pop.callState !== callState) {
      pop.callState = callState;
      renderPopFacts();
    }
    return;
  }
  showPop({ ...p, callState }, announceIt);
}

function showPop(p, isNew) {
  pop = p;
  $('#no-call').hidden = true;
  $('#pop').hidden = false;
  $('#case').hidden = false;
  renderPopFacts();
  const history = p.history || {};
  const earlier = history.earlierCases || [];
  $('#earlier').replaceChildren(...(earlier.length ? earlier.map((c) => el('li', {},
    el('strong', {}, formatDateTime(c.arrivedAt)), ` – ${c.serviceName || serviceName(c.service)}, ${label(sv.outcome, c.outcome)}`,
    c.category ? `, ${c.category}` : '', c.resolution ? `, ${label(sv.resolution, c.resolution)}` : '',
    c.notes ? el('p', { class: 'meta' }, c.notes) : null))
    : [el('li', {}, 'Inga tidigare kontakter.')]));
  const total = typeof history.earlierTotal === 'number' ? history.earlierTotal : earlier.length;
  const more = $('#earlier-more');
  more.hidden = total <= earlier.length;
  more.textContent = total > earlier.length ? `${earlier.length} av ${total} tidigare kontakter visas, de senaste först.` : '';
  const matters = history.openMatters || [];
  $('#open-matters').replaceChildren(...(matters.length ? matters.map((m) => el('li', {},
    m.overdue ? el('span', { class: 'flag' }, 'Försenat') : null, m.overdue ? ' ' : null,
    el('strong', {}, departments.get(m.department) || m.department), ` – ${label(sv.matterStatus, m.status)},`
    + ` svar senast ${formatDateTime(m.deadline)}`, m.summary ? el('p', { class: 'meta' }, m.summary) : null))
    : [el('li', {}, 'Inga öppna ärenden.')]));
  const c = p.case || {};
  $('#category').value = c.category || '';
  $('#notes').value = c.notes || '';
  $('#resolution').value = c.resolution || '';
  $('#summary').value = '';
  $('#department').value = c.department || '';
  show($('#case-message'), '');
  show($('#transfer-message'), '');
  if (isNew) announce($('#pop-announcer'), popSentence(p));
}

function renderPopFacts() {
  const p = pop;
  $('#call').classList.toggle('pop-ringing', p.callState === 'ringing');
  $('#pop-facts').replaceChildren(facts([
    ['Samtalet', label(sv.callState, p.callState)],
    ['Telefonnummer', p.callerNumber || 'Dolt nummer'],
    ['Medborgare', citizenView(p.citizen)],
    ['Tjänst', serviceName(p.service)],
    ['Väntat', formatSeconds(p.waitedSeconds)],
    ['Ringer sedan', formatTime(p.ringingSince)],
  ]));
}

function caseId() {
  return pop && pop.case ? pop.case.id : null;
}

/** The case's agent fields that are filled in: the protocol's updateCase and PATCH /api/cases/{id} alike. */
function caseFields() {
  const fields = {};
  for (const name of ['category', 'notes', 'resolution']) {
    const value = $(`#${name}`).value.trim();
    if (value) fields[name] = value;
  }
  return fields;
}

/** Over the socket when it is up, else the HTTP twin the protocol names. */
async function sendOrPost(type, fields, method, path, body) {
  if (socket && socket.connected) return socket.send(type, fields);
  return api(method, path, body);
}

function refusal(e) {
  if (e instanceof ApiError) {
    return e.status === 0 ? 'Växeln svarar inte. Försök igen.' : `Det gick inte (${e.status}): ${e.message}`;
  }
  return socketRefusal(e);
}

$('#case-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = caseId();
  const box = $('#case-message');
  if (!id) return show(box, 'Det finns inget ärende att spara.', true);
  const fields = caseFields();
  try {
    await sendOrPost('updateCase', { caseId: id, ...fields }, 'PATCH', `/api/cases/${encodeURIComponent(id)}`, fields);
    show(box, 'Ärendet är sparat.');
  } catch (e) {
    show(box, refusal(e), true);
  }
});

$('#transfer-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = caseId();
  const box = $('#transfer-message');
  const department = $('#department').value;
  const summary = $('#summary').value.trim();
  if (!id) return show(box, 'Det finns inget ärende att överlämna.', true);
  if (!department) {
    show(box, 'Välj avdelningen som ska ta ärendet.', true);
    return $('#department').focus();
  }
  if (!summary) {
    show(box, 'Skriv en sammanfattning för handläggaren.', true);
    return $('#summary').focus();
  }
  try {
    await sendOrPost('transfer', { caseId: id, department, summary }, 'POST', '/api/matters', { caseId: id, department, summary });
    $('#resolution').value = 'transferred_to_back_office';
    show(box, `Överlämnat till ${departments.get(department) || department}.`);
  } catch (e) {
    show(box, refusal(e), true);
  }
});

$('#available').addEventListener('click', () => stateCommand('available', {}, 'Du är redo för samtal.'));
$('#end-wrap-up').addEventListener('click', () => stateCommand('endWrapUp', {}, 'Efterarbetet är avslutat.'));
$('#leave-queues').addEventListener('click', () => stateCommand('logout', {}, 'Du är utloggad från köerna.'));
$('#pause-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const reason = $('#pause-reason').value;
  stateCommand('pause', { reason }, `Paus: ${label(sv.pauseReason, reason)}.`);
});
$('#logout').addEventListener('click', () => {
  if (socket) socket.close();
  logOut();
});

function onMessage(msg) {
  switch (msg.type) {
    case 'welcome': {
      // After a resume the missed messages came first; the welcome is the picture now either way.
      agent = msg.agent || null;
      const pops = Array.isArray(msg.pops) ? msg.pops : [];
      if (pop && ['ringing', 'answered'].includes(pop.callState) && !pops.some((p) => p.callId === pop.callId)) {
        pop.callState = msg.resumed ? pop.callState : 'gone'; // it left the agent while the socket was away
        renderPopFacts();
      }
      pops.forEach((p) => receivePop(p, true));
      renderState();
      break;
    }
    case 'agentState': {
      const before = agent ? agent.state : null;
      agent = { state: msg.state, since: msg.since, reason: msg.reason, callId: msg.callId };
      renderState();
      if (before !== msg.state) announce($('#announcer'), `Status: ${label(sv.agentState, msg.state)}.`);
      break;
    }
    case 'pop':
      receivePop(msg, true);
      break;
    case 'callUpdate':
      if (pop && pop.callId === msg.callId) {
        pop.callState = msg.state;
        renderPopFacts();
        announce($('#announcer'), `Samtalet: ${label(sv.callState, msg.state)}.`);
      }
      break;
    case 'error':
      show($('#state-message'), socketRefusal(msg), true);
      break;
    default:
      break;
  }
}

async function loadDepartments() {
  try {
    const office = await api('GET', '/api/back-office');
    departments = new Map(office.departments.map((d) => [d.id, d.name || d.id]));
    $('#department').append(...office.departments.map((d) => el('option', { value: d.id, text: d.name || d.id })));
  } catch {
    show($('#transfer-message'), 'Avdelningarna kunde inte hämtas; ladda om sidan.', true);
  }
}

if (session) {
  $('#who').textContent = `${session.user.name} (${session.user.id})`;
  loadDepartments();
  socket = new DeskSocket(session.token, {
    onMessage,
    onStatus: (status) => {
      show($('#connection'), sv.connection[status], status === 'closed');
      if (status !== 'open') agent = null;
      renderState();
    },
    onUnauthenticated: sessionEnded,
  });
  socket.connect();
}
