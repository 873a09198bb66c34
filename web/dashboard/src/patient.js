// A patient's page: trends over the last hours (PostgreSQL: vital_stats_1m's minutes, then the latest readings), the episode history, and the
// latest state (the replica that holds the patient, through interactive queries, when configured).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { el, clock, getJson } from './common.js';
import { showState } from './state.js';

const id = new URLSearchParams(location.search).get('id') ?? '';
const hours = Number(new URLSearchParams(location.search).get('hours') ?? 6);
document.title = `${id} · Pulse`;
document.getElementById('patient').textContent = id;

const charts = [
  { title: 'Heart rate (bpm) and SpO₂ (%)', series: [['heartRate', 'HR', '#16a34a', 'bpm'], ['spo2', 'SpO₂', '#0284c7', '%']] },
  { title: 'Blood pressure (mmHg)', series: [['systolic', 'systolic', '#dc2626', 'mmHg'], ['diastolic', 'diastolic', '#f97316', 'mmHg']] },
  { title: 'Respiratory rate (/min) and temperature (°C)', series: [['respiratoryRate', 'RR', '#7c3aed', '/min'], ['temperature', 'temp', '#ca8a04', '°C']] },
  { title: 'NEWS2', series: [['news2', 'NEWS2 (max)', '#111827', '']] },
];

function draw({ points, from, to }) {
  const box = document.getElementById('charts');
  box.replaceChildren();
  if (points.length === 0) {
    box.append(el('p', { class: 'empty' }, `No readings of ${id} in PostgreSQL yet.`));
    return;
  }
  const xs = points.map((p) => p.t / 1000);
  for (const chart of charts) {
    const figure = el('figure', { class: 'chart' }, el('figcaption', {}, chart.title));
    box.append(figure);
    const units = [...new Set(chart.series.map((s) => s[3]))];
    new uPlot({
      width: Math.min(1100, box.clientWidth || 900), height: 180,
      // The whole range asked for, as a monitoring tool shows it, however little of it has data.
      scales: { x: { time: true, range: () => [from / 1000, to / 1000] }, ...Object.fromEntries(units.map((u) => [u || 'n', {}])) },
      axes: [{}, ...units.map((u, i) => ({ scale: u || 'n', side: i === 0 ? 3 : 1, grid: { show: i === 0 } }))],
      series: [{}, ...chart.series.map(([, label, stroke, unit]) => ({ label, stroke, width: 1.5, scale: unit || 'n', spanGaps: false }))],
    }, [xs, ...chart.series.map(([key]) => points.map((p) => p[key]))], figure);
  }
}

function episodes(rows) {
  const body = document.getElementById('episodes');
  body.replaceChildren(...rows.map((r) => el('tr', { class: `episode ${r.severity === 'CRITICAL' ? 'priority-high' : r.kind === 'TECHNICAL' ? 'priority-low' : 'priority-medium'}` },
    el('td', {}, clock(r.ts)), el('td', {}, r.state), el('td', {}, r.kind === 'TECHNICAL' ? 'TECH' : r.severity), el('td', { class: 'message' }, r.message),
    el('td', {}, r.acknowledgedBy ?? ''))));
  if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No alert events.')));
}

async function start() {
  const [trends, history, latest] = await Promise.all([
    getJson(`api/patients/${encodeURIComponent(id)}/trends?hours=${hours}`),
    getJson(`api/patients/${encodeURIComponent(id)}/episodes`),
    getJson(`api/patients/${encodeURIComponent(id)}`),
  ]);
  // Older minutes from vital_stats_1m, the recent part from readings (the points in that order): say which, and how fine each is.
  let first = 0;
  const parts = [];
  for (const s of trends.sources) {
    const mine = trends.points.slice(first, first += s.points);
    if (mine.length) parts.push(`${mine.length} point${mine.length === 1 ? '' : 's'} of ${s.bucketSeconds} s from ${s.table}, ${clock(mine[0].t)} to ${clock(mine.at(-1).t)}`);
  }
  document.getElementById('range').textContent = parts.join(' · ');
  draw(trends);
  episodes(history.events);
  showState(document.getElementById('state'), latest);
  document.body.dataset.loaded = 'true';
}

start().catch((error) => { document.getElementById('charts').replaceChildren(el('p', { class: 'error' }, error.message)); });
