// The wallboard: the contact centre now and today, pushed by the switchboard over the WebSocket /api/wallboard
// (switchboard/src/main/java/se/vaxel/wallboard/README.md): a snapshot every second, the day's series every minute.
// The page is built once per queue and then only its texts change, so a screen reader's place and the keyboard's
// focus stay put while the figures move; the one live region says when a queue falls below its target.
import { currentSession, logOut, sessionEnded } from './session.js';
import { DeskSocket } from './socket.js';
import { $, announce, el, show } from './dom.js';
import { formatPercent, formatSeconds, wb } from './text.js';
import { renderDay } from './daycharts.js';
import { loadHistory } from './history.js';

const WATCHERS = ['supervisor', 'admin', 'wallboard'];
const tiles = new Map(); // queue id -> its tile's elements
const below = new Map(); // queue id -> below target at the last snapshot
let centre = null;
let lastDay = null;
let lastSnapshot = null;
let lastSeries = null;

function watcherSession() {
  const s = currentSession();
  if (!s) {
    location.replace('./?reason=login');
    return null;
  }
  if (!(s.user.roles || []).some((r) => WATCHERS.includes(r))) {
    location.replace('./?reason=role');
    return null;
  }
  return s;
}

/** Whole seconds as a wallboard says them: "45 s", "3 min 5 s", "1 h 20 min". */
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : formatSeconds(s);
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * A description list built once; set(key, text) changes one value when it differs. As `stats` each term and value
 * make a box of their own (a div in the dl), the figures large.
 */
function factsView(pairs, stats = false) {
  const values = {};
  const dl = el('dl', { class: stats ? 'stats' : 'facts' }, pairs.flatMap(([key, term]) => {
    values[key] = el('dd', {}, '–');
    return stats ? [el('div', {}, el('dt', { text: term }), values[key])] : [el('dt', { text: term }), values[key]];
  }));
  return { dl, set: (key, text) => setText(values[key], text) };
}

function targetText(t) {
  return `mål ${formatPercent(t.share)} inom ${duration(t.seconds)}`;
}

/** The service level with its verdict in words and a sign, never by colour alone. */
function verdict(node, belowTarget) {
  const text = belowTarget === true ? `▼ ${wb.belowTarget}` : belowTarget === false ? `✓ ${wb.onTarget}` : wb.noFigure;
  setText(node, text);
  node.className = `badge ${belowTarget === true ? 'below' : belowTarget === false ? 'ok' : 'none'}`;
}

function statesText(agents) {
  return wb.stateOrder.filter((s) => s !== 'logged_out').map((s) => `${wb.state[s]} ${agents[s] || 0}`).join(' · ');
}

function staffingText(st) {
  return st.needed === null ? `Behövs: går inte att nå målet · Har ${st.has}` : `Behövs ${st.needed} · Har ${st.has}`;
}

function shortBy(st) {
  if (st.needed === null || st.has >= st.needed) return null;
  const n = st.needed - st.has;
  return `▼ ${n} för få`;
}

function buildTile(q) {
  const id = `q-${q.id}`;
  const t = { name: el('span', {}), openState: el('span', { class: 'open-state' }) };
  t.waiting = el('span', { class: 'big', id: `${id}-waiting` });
  t.longest = el('span', { class: 'big', id: `${id}-longest` });
  t.level = el('strong', { id: `${id}-level` });
  t.verdict = el('span', { id: `${id}-verdict` });
  t.target = el('span', { class: 'meta-inline' });
  t.answerRate = el('strong', {});
  t.today = factsView([['offered', 'Erbjudna'], ['answered', 'Besvarade'], ['abandoned', 'Tappade'], ['callbacks', 'Återuppringning bokad'],
    ['asa', 'Medelväntan'], ['aht', 'Hanteringstid'], ['fcr', 'Löst vid första kontakten'], ['p90', '90 % väntade högst']]);
  t.states = el('p', { class: 'states' });
  t.agents = el('ul', { class: 'plain agents', 'aria-labelledby': `${id}-agents` });
  t.agentsKey = '';
  t.staffing = el('strong', {});
  t.short = el('span', { class: 'badge below' });
  t.staffingMeta = el('p', { class: 'meta' });
  t.element = el('article', { class: 'tile', 'aria-labelledby': `${id}-name` },
    el('h3', { id: `${id}-name` }, t.name, ' ', t.openState),
    el('div', { class: 'now' },
      el('p', { class: 'big-figure' }, t.waiting, el('span', { class: 'big-label' }, 'väntar nu')),
      el('p', { class: 'big-figure' }, t.longest, el('span', { class: 'big-label' }, 'längsta väntan'))),
    el('p', { class: 'level' }, 'Servicenivå i dag ', t.level, ' ', t.verdict, ' ', t.target),
    el('p', {}, 'Svarsfrekvens i dag ', t.answerRate),
    t.today.dl,
    el('h4', { id: `${id}-agents` }, 'Agenter'),
    t.states,
    t.agents,
    el('h4', {}, 'Bemanning enligt Erlang C'),
    el('p', {}, t.staffing, ' ', t.short),
    t.staffingMeta);
  return t;
}

function renderAgents(t, list) {
  const working = list.filter((a) => a.state !== 'logged_out');
  const key = working.map((a) => `${a.id}:${a.state}:${a.reason || ''}`).join('|');
  if (key !== t.agentsKey) {
    t.agentsKey = key;
    t.agents.replaceChildren(...(working.length ? working.map((a) => el('li', { class: 'agent' },
      el('span', { class: 'agent-name' }, a.name),
      el('span', { class: `state ${a.state}` }, wb.state[a.state] + (a.reason ? ` (${a.reason})` : '')),
      el('span', { class: 'agent-time' }, duration(a.seconds))))
      : [el('li', { class: 'meta' }, 'Ingen inloggad')]));
  } else {
    const times = t.agents.querySelectorAll('.agent-time');
    working.forEach((a, i) => times[i] && setText(times[i], duration(a.seconds)));
  }
}

function renderTile(q) {
  let t = tiles.get(q.id);
  if (!t) {
    t = buildTile(q);
    tiles.set(q.id, t);
    $('#tiles').append(t.element);
  }
  const d = q.today;
  setText(t.name, q.name);
  setText(t.openState, q.open ? '' : `(${wb.closed})`);
  setText(t.waiting, String(q.waiting));
  setText(t.longest, duration(q.longestWaitSeconds));
  setText(t.level, formatPercent(d.serviceLevel));
  verdict(t.verdict, q.belowTarget);
  setText(t.target, `(${targetText(q.target)})`);
  setText(t.answerRate, formatPercent(d.answerRate));
  t.today.set('offered', String(d.offered));
  t.today.set('answered', String(d.answered));
  t.today.set('abandoned', `${d.abandoned - d.abandonedShort}${d.abandonedShort ? ` (och ${d.abandonedShort} felringningar)` : ''}`);
  t.today.set('callbacks', String(d.callbacksBooked));
  t.today.set('asa', duration(d.averageSpeedOfAnswerSeconds));
  t.today.set('aht', duration(d.averageHandleTimeSeconds));
  t.today.set('fcr', formatPercent(d.firstContactResolution));
  t.today.set('p90', duration(d.p90WaitSeconds));
  setText(t.states, statesText(q.agents));
  renderAgents(t, q.agentList);
  const st = q.staffing;
  setText(t.staffing, staffingText(st));
  const short = shortBy(st);
  t.short.hidden = !short;
  setText(t.short, short || '');
  setText(t.staffingMeta, `${st.arrivalsLast15Minutes} samtal senaste 15 min, hanteringstid ${duration(st.ahtSeconds)}`
    + `${st.ahtAssumed ? ' (antagen: inget besvarat samtal i dag)' : ''}.`);
}

function renderCentre(c) {
  if (!centre) {
    centre = factsView([['waiting', 'Väntar nu'], ['longest', 'Längsta väntan'], ['offered', 'Erbjudna'], ['answered', 'Besvarade'],
      ['level', 'Servicenivå'], ['answerRate', 'Svarsfrekvens'], ['abandonRate', 'Tappade'], ['asa', 'Medelväntan'],
      ['occupancy', 'Beläggning'], ['staffing', 'Bemanning'], ['agents', 'Agenter']], true);
    $('#centre').append(centre.dl);
  }
  const d = c.today;
  centre.set('waiting', String(c.waiting));
  centre.set('longest', duration(c.longestWaitSeconds));
  centre.set('offered', String(d.offered));
  centre.set('answered', String(d.answered));
  centre.set('level', formatPercent(d.serviceLevel));
  centre.set('answerRate', formatPercent(d.answerRate));
  centre.set('abandonRate', formatPercent(d.abandonRate));
  centre.set('asa', duration(d.averageSpeedOfAnswerSeconds));
  centre.set('occupancy', formatPercent(c.occupancy));
  centre.set('staffing', `Behövs ${c.staffing.needed} · Har ${c.staffing.has}`);
  centre.set('agents', statesText(c.agents));
}

function renderEqual(e, queues) {
  const name = (id) => (queues.find((q) => q.id === id) || { name: id }).name;
  const parts = [
    `Skillnad i servicenivå: ${e.serviceLevelSpread === null ? '– (färre än två köer att jämföra)' : `${Math.round(e.serviceLevelSpread * 100)} procentenheter`}`,
    `Skillnad i medelväntan: ${e.asaSpreadSeconds === null ? '–' : duration(e.asaSpreadSeconds)}`,
    `Sämst betjänad: ${e.worst ? name(e.worst) : '–'}`,
  ];
  setText($('#equal-summary'), parts.join(' · '));
  const rows = queues.map((q) => {
    const judged = !q.open ? wb.closed : e.judged.includes(q.id) ? 'Ja' : `Nej, färre än ${e.minCalls}`;
    return [q.id === e.worst ? `${q.name} (sämst)` : q.name, formatPercent(q.today.serviceLevel), duration(q.today.averageSpeedOfAnswerSeconds),
      duration(q.today.p90WaitSeconds), String(q.today.waitsOver), judged];
  });
  const body = $('#equal-table tbody');
  const key = JSON.stringify(rows);
  if (body.dataset.key !== key) {
    body.dataset.key = key;
    body.replaceChildren(...rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, r[0]), ...r.slice(1).map((v) => el('td', {}, v)))));
  }
}

/** The visible list of queues under target, and one announcement when a queue falls below it. */
function renderAlerts(queues) {
  const now = queues.filter((q) => q.belowTarget === true);
  $('#alerts').hidden = now.length === 0;
  const key = now.map((q) => `${q.id}:${formatPercent(q.today.serviceLevel)}`).join('|');
  const list = $('#alert-list');
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...now.map((q) => el('li', {}, `▼ ${q.name}: ${formatPercent(q.today.serviceLevel)} (${targetText(q.target)})`)));
  }
  const fell = now.filter((q) => below.get(q.id) !== true);
  queues.forEach((q) => below.set(q.id, q.belowTarget === true));
  if (fell.length) {
    announce($('#alert-announcer'), fell.map((q) => `Servicenivån för ${q.name} är under målet: ${formatPercent(q.today.serviceLevel)}, `
      + `${targetText(q.target)}.`).join(' '));
  }
}

function onSnapshot(s) {
  lastSnapshot = s;
  s.queues.forEach(renderTile);
  renderCentre(s.centre);
  renderEqual(s.equalService, s.queues);
  renderAlerts(s.queues);
  setText($('#updated'), `Uppdaterad ${new Date(s.at).toLocaleTimeString('sv-SE', { timeZone: s.zone })}.`);
  if (lastSeries && !lastSeries.drawn) drawDay();
  if (s.day !== lastDay) {
    lastDay = s.day;
    loadHistory(s.day);
  }
}

/** The day's charts need the queues' names and targets, which come with the snapshots. */
function drawDay() {
  renderDay(lastSeries, lastSnapshot.queues);
  lastSeries.drawn = true;
}

function onMessage(msg) {
  if (msg.type === 'snapshot') {
    onSnapshot(msg);
  } else if (msg.type === 'series') {
    lastSeries = msg;
    if (lastSnapshot) drawDay();
  }
}

const session = watcherSession();
if (session) {
  $('#who').textContent = session.user.name || session.user.id;
  $('#desks').hidden = !session.user.roles.includes('supervisor');
  const socket = new DeskSocket(session.token, {
    url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/wallboard`,
    onMessage,
    onStatus: (status) => show($('#connection'), wb.connection[status], status === 'closed'),
    onUnauthenticated: sessionEnded,
    onForbidden: () => location.replace('./?reason=role'),
  });
  socket.connect();
  $('#logout').addEventListener('click', () => {
    socket.close(); // first: the switchboard's 4401 for the ended log-in must not take the page elsewhere
    logOut();
  });
}
