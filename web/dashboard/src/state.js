// The patient page's "latest state": the tile's latest vitals, and what the replica holding the patient
// keeps of them (interactive queries): the rolling window's figures, the open episodes and the findings.
import { el, clock, duration, VITALS } from './common.js';

const row = (label, value) => el('div', {}, el('dt', {}, label), el('dd', {}, value ?? '–'));

function vitals(tile) {
  if (!tile) return el('p', { class: 'empty' }, 'No reading on the ward view yet.');
  return el('dl', { class: 'facts' },
    row('Reading at', clock(tile.ts)),
    VITALS.map((v) => row(v.label, v.key === 'bloodPressure'
      ? (tile.systolic != null ? `${tile.systolic}/${tile.diastolic ?? '–'} ${v.unit}` : null)
      : tile[v.key] == null ? null : `${v.format(tile[v.key])} ${v.unit}`)),
    row('NEWS2', `${tile.news2} (${tile.risk.toLowerCase().replace('_', '-')} risk)`));
}

function episode(label, e, now) {
  if (!e) return row(label, 'none open');
  const acknowledged = e.acknowledgedBy ? `, acknowledged by ${e.acknowledgedBy} at ${clock(e.acknowledgedAt)}` : ', not acknowledged';
  return row(label, `${e.severity} for ${duration(now - e.start)} (event ${e.sequence}${acknowledged})`);
}

function replica(answer, status) {
  if (status === 0) return el('p', { class: 'empty' }, 'The dashboard has no replica to ask (start it with --state-url).');
  if (status !== 200 || !answer) return el('p', { class: 'empty' }, `The replicas answered ${status}: ${answer?.error ?? 'nothing'}.`);
  const now = Date.now();
  const r = answer.rolling;
  const a = answer.alerts;
  return el('div', {},
    el('dl', { class: 'facts' },
      row('Served by', answer.servedBy),
      row('Rolling window', r ? `${r.readings} readings to ${clock(r.newest)}` : null),
      row('Mean HR', r?.heartRateMean != null ? `${r.heartRateMean} bpm` : null),
      row('Mean / lowest SpO₂', r?.spo2Mean != null ? `${r.spo2Mean} / ${r.spo2Min} %` : null),
      episode('Clinical episode', a?.clinical, now),
      episode('Technical episode', a?.technical, now)),
    el('ul', { class: 'findings' }, (a?.findings ?? []).map((f) => el('li', {},
      el('b', {}, f.vital ? `${f.rule} ${f.vital}` : f.rule), ' ',
      f.level ? `${f.level}${f.pending ? ` (→ ${f.pending} pending)` : ''}` : 'candidate', ` since ${clock(f.since)}`,
      f.message ? ` · ${f.message}` : ''))));
}

/** Fills the section with the server's /api/patients/{id} answer. */
export function showState(section, latest) {
  section.replaceChildren(
    el('h3', {}, 'Latest reading'), vitals(latest.tile),
    el('h3', {}, 'In the topology\'s stores'), replica(latest.state, latest.stateStatus));
}
