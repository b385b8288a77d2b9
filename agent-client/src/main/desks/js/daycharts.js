// The wallboard's charts of the day (the switchboard's `series` message: a point a minute since local midnight):
// citizens waiting, and the service level so far, one small chart per queue with its name above it (so no line is
// told from another by colour), each an SVG with a text summary for screen readers, and a table of the same by
// the hour under each chart.
import { $, el } from './dom.js';
import { formatPercent } from './text.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 130;
const LEFT = 44;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 22;

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function clock(series, minute) {
  const at = new Date(Date.parse(series.dayStart) + minute * 60000);
  return at.toLocaleTimeString('sv-SE', { timeZone: series.zone, hour: '2-digit', minute: '2-digit' });
}

function x(series, minute) {
  return LEFT + (minute / series.dayMinutes) * (W - LEFT - RIGHT);
}

function y(value, max) {
  return TOP + (1 - value / max) * (H - TOP - BOTTOM);
}

/** Polylines through the points with a value, broken where there is none (no service level yet). */
function lines(series, points, value, max) {
  const runs = [];
  let run = [];
  for (const p of points) {
    const v = value(p);
    if (v === null || v === undefined) {
      if (run.length) runs.push(run);
      run = [];
    } else {
      run.push(`${x(series, p[0]).toFixed(1)},${y(v, max).toFixed(1)}`);
    }
  }
  if (run.length) runs.push(run);
  return runs.map((r) => svg(r.length === 1 ? 'circle' : 'polyline', r.length === 1
    ? { cx: r[0].split(',')[0], cy: r[0].split(',')[1], r: 2.5, class: 'line-dot' }
    : { points: r.join(' '), class: 'line' }));
}

/** One queue's chart: axes with the hours and the scale, the line, and a target line when there is one. */
function chart(series, id, title, summary, points, value, max, ticks, target) {
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart' });
  s.append(svg('title', { id: titleId }, title), svg('desc', { id: descId }, summary));
  for (const [v, text] of ticks) {
    s.append(svg('line', { x1: LEFT, x2: W - RIGHT, y1: y(v, max), y2: y(v, max), class: 'grid' }),
      svg('text', { x: LEFT - 4, y: y(v, max) + 4, class: 'tick', 'text-anchor': 'end' }, text));
  }
  for (const hour of [0, 6, 12, 18]) {
    const m = hour * 60;
    s.append(svg('text', { x: x(series, m), y: H - 6, class: 'tick', 'text-anchor': hour === 0 ? 'start' : 'middle' }, clock(series, m)));
  }
  if (target !== undefined) {
    s.append(svg('line', { x1: LEFT, x2: W - RIGHT, y1: y(target, max), y2: y(target, max), class: 'target' }),
      svg('text', { x: W - RIGHT, y: y(target, max) - 3, class: 'tick', 'text-anchor': 'end' }, `mål ${formatPercent(target)}`));
  }
  s.append(...lines(series, points, value, max));
  return el('div', { class: 'mini-chart' }, el('h4', { text: title }), s);
}

/** Each hour so far with points: the value of the hour as `pick` takes it from its points. */
function hourly(series, queues, pick, format) {
  const hours = new Set();
  queues.forEach((q) => q.points.forEach((p) => hours.add(Math.floor(p[0] / 60))));
  const sorted = [...hours].sort((a, b) => a - b);
  return sorted.map((h) => [`${clock(series, h * 60)}–${clock(series, h * 60 + 60)}`,
    ...queues.map((q) => format(pick(q.points.filter((p) => Math.floor(p[0] / 60) === h))))]);
}

function table(selector, names, rows) {
  const t = $(selector);
  t.tHead.replaceChildren(el('tr', {}, el('th', { scope: 'col' }, 'Timme'), ...names.map((n) => el('th', { scope: 'col' }, n))));
  t.tBodies[0].replaceChildren(...(rows.length ? rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, r[0]), ...r.slice(1).map((v) => el('td', {}, v))))
    : [el('tr', {}, el('td', { colspan: names.length + 1 }, 'Inga värden ännu i dag.'))]));
}

function niceMax(n) {
  for (const step of [2, 5, 10, 20, 50, 100, 200, 500, 1000]) if (n <= step) return step;
  return Math.ceil(n / 1000) * 1000;
}

/** Draws both charts and their tables from a `series` message; `queues` (the snapshot's) give names and targets. */
export function renderDay(series, queues) {
  const known = new Map(queues.map((q) => [q.id, q]));
  const withNames = series.queues.filter((q) => known.has(q.id)).map((q) => ({ ...q, name: known.get(q.id).name, target: known.get(q.id).target }));
  const most = Math.max(0, ...withNames.flatMap((q) => q.points.map((p) => p[1])));
  const max = niceMax(Math.max(1, most));
  $('#waiting-charts').replaceChildren(...withNames.map((q) => {
    const top = q.points.reduce((best, p) => (!best || p[1] > best[1] ? p : best), null);
    const now = q.points.length ? q.points[q.points.length - 1][1] : null;
    const summary = now === null ? 'Inga värden ännu i dag.'
      : `Senast ${now} väntande; som flest ${top[1]} klockan ${clock(series, top[0])}.`;
    return chart(series, `waiting-${q.id}`, q.name, summary, q.points, (p) => p[1], max, [[0, '0'], [max, String(max)]]);
  }));
  $('#level-charts').replaceChildren(...withNames.map((q) => {
    const levels = q.points.filter((p) => p[2] !== null);
    const low = levels.reduce((worst, p) => (!worst || p[2] < worst[2] ? p : worst), null);
    const summary = levels.length === 0 ? 'Ingen servicenivå ännu i dag.'
      : `Senast ${formatPercent(levels[levels.length - 1][2])}, mål ${formatPercent(q.target.share)}; `
        + `som lägst ${formatPercent(low[2])} klockan ${clock(series, low[0])}.`;
    return chart(series, `level-${q.id}`, q.name, summary, q.points, (p) => p[2], 1, [[0, '0 %'], [0.5, '50 %'], [1, '100 %']],
      q.target.share);
  }));
  const names = withNames.map((q) => q.name);
  table('#waiting-table', names, hourly(series, withNames, (ps) => (ps.length ? Math.max(...ps.map((p) => p[1])) : null),
    (v) => (v === null ? '–' : String(v))));
  table('#level-table', names, hourly(series, withNames, (ps) => (ps.length ? ps[ps.length - 1][2] : null), formatPercent));
}
