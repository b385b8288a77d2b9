// The wallboard's earlier days: GET /api/history (the switchboard's se.vaxel.history: each finished day's figures
// per queue) for the last seven days, and the same rows as CSV (/api/history.csv) downloaded with the session's
// token, which a plain link could not send. A switchboard without the history (404) says so and nothing breaks.
import { api, ApiError, currentSession } from './session.js';
import { $, el, show } from './dom.js';
import { formatPercent, formatSeconds, wb } from './text.js';

const DAYS = 7;
let range = null;

/** "2026-11-23" minus n days, as the same kind of date (the contact centre's local days). */
function minusDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

function query() {
  return `from=${range.from}&to=${range.to}`;
}

function seconds(v) {
  return v === null || v === undefined ? '–' : formatSeconds(v);
}

function render(history) {
  const rows = [];
  for (const day of [...history.days].reverse()) {
    for (const q of day.queues) {
      rows.push(el('tr', {}, el('th', { scope: 'row' }, day.day), el('td', {}, q.name || q.queue), el('td', {}, String(q.offered)),
        el('td', {}, String(q.answered)), el('td', {}, formatPercent(q.serviceLevel)), el('td', {}, formatPercent(q.answerRate)),
        el('td', {}, formatPercent(q.abandonRate)), el('td', {}, seconds(q.averageSpeedOfAnswerSeconds)),
        el('td', {}, seconds(q.averageHandleTimeSeconds))));
    }
  }
  $('#history-table tbody').replaceChildren(...rows);
  $('#history-scroll').hidden = rows.length === 0;
  $('#history-csv').hidden = rows.length === 0;
  show($('#history-message'), rows.length ? '' : wb.historyEmpty);
}

/** Reads the seven days before {@code today} (the contact centre's date); again when the day changes. */
export async function loadHistory(today) {
  range = { from: minusDays(today, DAYS), to: minusDays(today, 1) };
  try {
    render(await api('GET', `/api/history?${query()}`));
  } catch (e) {
    $('#history-scroll').hidden = true;
    $('#history-csv').hidden = true;
    show($('#history-message'), e instanceof ApiError && e.status === 404 ? wb.noHistory : wb.historyFailed, !(e instanceof ApiError && e.status === 404));
  }
}

async function downloadCsv() {
  const s = currentSession();
  try {
    const response = await fetch(`/api/history.csv?${query()}`, { headers: { Authorization: `Bearer ${s.token}` } });
    if (!response.ok) throw new ApiError(response.status, response.statusText);
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: `vaxel-history-${range.from}-${range.to}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch {
    show($('#history-message'), wb.historyFailed, true);
  }
}

$('#history-csv').addEventListener('click', downloadCsv);
