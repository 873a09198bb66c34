// Daily statistics per patient and UTC day, from PostgreSQL's daily_patient_stats view.
import './style.css';
import { el, getJson } from './common.js';

const number = (v, digits = 0) => (v == null ? '–' : Number(v).toFixed(digits));
const triple = (min, avg, max, digits = 0) => `${number(min)} / ${number(avg, digits)} / ${number(max)}`;

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
    el('td', { class: 'num' }, r.news2Max))));
  if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: 9, class: 'empty' }, 'No readings in PostgreSQL yet.')));
  document.body.dataset.loaded = 'true';
}

start().catch((error) => { document.getElementById('daily').replaceChildren(el('tr', {}, el('td', { colspan: 9, class: 'error' }, error.message))); });
