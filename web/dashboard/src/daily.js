// Daily statistics per patient and UTC day, from PostgreSQL's daily_patient_stats view, with the batch layer's check beside them.
import './style.css';
import { el, getJson } from './common.js';

const number = (v, digits = 0) => (v == null ? '–' : Number(v).toFixed(digits));
const triple = (min, avg, max, digits = 0) => `${number(min)} / ${number(avg, digits)} / ${number(max)}`;
const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;

// The batch layer's figures (pulse batch daily over the archive), where the day was computed.
function batchCells(batch) {
  if (!batch) return [el('td', { class: 'num muted' }, '–'), el('td', { class: 'muted' }, 'not computed')];
  return [
    el('td', { class: 'num' }, `${clock(batch.secondsHigh)} / ${clock(batch.secondsMedium)}`),
    el('td', { class: batch.agrees ? 'agrees' : 'differs' }, batch.agrees ? '✓ agrees' : `differs (${batch.readingCount} readings)`),
  ];
}

async function start() {
  const days = Number(new URLSearchParams(location.search).get('days') ?? 7);
  const { rows } = await getJson(`api/daily?days=${days}`);
  const body = document.getElementById('daily');
  body.replaceChildren(...rows.map((r) => el('tr', {},
    el('td', {}, r.day), el('td', {}, el('a', { href: `patient.html?id=${encodeURIComponent(r.patientId)}` }, r.patientId)),
    el('td', { class: 'num' }, r.readingCount),
    el('td', { class: 'num' }, triple(r.heartRateMin, r.heartRateAvg, r.heartRateMax, 1)),
    el('td', { class: 'num' }, triple(r.spo2Min, r.spo2Avg, r.spo2Max, 1)),
    el('td', { class: 'num' }, triple(r.systolicMin, r.systolicAvg, r.systolicMax, 1)),
    el('td', { class: 'num' }, triple(r.respiratoryRateMin, r.respiratoryRateAvg, r.respiratoryRateMax, 1)),
    el('td', { class: 'num' }, `${number(r.temperatureMin, 1)} / ${number(r.temperatureAvg, 1)} / ${number(r.temperatureMax, 1)}`),
    el('td', { class: 'num' }, r.news2Max),
    ...batchCells(r.batch))));
  if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: 11, class: 'empty' }, 'No readings in PostgreSQL yet.')));
  document.body.dataset.loaded = 'true';
}

start().catch((error) => { document.getElementById('daily').replaceChildren(el('tr', {}, el('td', { colspan: 11, class: 'error' }, error.message))); });
