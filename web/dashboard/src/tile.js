// One patient's tile of the ward view: the latest vitals coloured by status, NEWS2 by band, a
// 60-second trend of heart rate and SpO2, the open episode's badge, and a no-data state.
import uPlot from 'uplot';
import { VITALS, el, riskClass, statusClass, duration } from './common.js';

const TREND_MS = 60_000;

// Trends are drawn only for tiles on screen: a ward of hundreds of patients redraws tens of charts a second, not hundreds.
const onScreen = new IntersectionObserver((entries) => {
  for (const entry of entries) entry.target.pulseTile?.setVisible(entry.isIntersecting);
}, { rootMargin: '200px' });

export class Tile {
  /** @param {object} data the server's tile; @param {(id: string) => void} open */
  constructor(data, open) {
    this.id = data.patientId;
    this.points = [];
    this.episode = null;
    this.paints = 0;
    this.element = el('article', { class: 'tile', 'data-patient': this.id, tabindex: 0, onclick: () => open(this.id),
      onkeydown: (e) => { if (e.key === 'Enter') open(this.id); } });
    this.header = el('header', {},
      this.name = el('span', { class: 'patient' }, this.id),
      this.badge = el('span', { class: 'badge' }),
      this.news2 = el('span', { class: 'news2', title: 'NEWS2' }));
    this.vitals = new Map(VITALS.map((v) => [v.key, el('span', { class: 'value' })]));
    const grid = el('dl', { class: 'vitals' },
      VITALS.map((v) => el('div', { class: 'vital', 'data-vital': v.key }, el('dt', {}, v.label), el('dd', {}, this.vitals.get(v.key), el('small', {}, v.unit)))));
    this.chartBox = el('div', { class: 'trend' });
    this.silence = el('div', { class: 'no-data', hidden: true });
    this.element.append(this.header, grid, this.chartBox, this.silence);
    this.visible = false;
    this.element.pulseTile = this;
    onScreen.observe(this.element);
    this.update(data);
  }

  setVisible(visible) {
    this.visible = visible;
    if (visible && this.chartStale) this.#draw();
  }

  /** Takes a newer state of the tile (its new trend points appended). */
  update(data) {
    this.data = data;
    for (const point of data.trend ?? []) if (!this.points.length || point[0] > this.points.at(-1)[0]) this.points.push(point);
    while (this.points.length && this.points[0][0] < data.ts - TREND_MS) this.points.shift();
    this.dirty = true;
  }

  setEpisode(episode) {
    this.episode = episode;
    this.dirty = true;
  }

  /** Redraws what changed; called at most once per animation frame. */
  render(now, noDataAfterMs) {
    const d = this.data;
    const silentMs = now - d.seenAt;
    const silent = silentMs >= noDataAfterMs;
    if (silent !== this.silent) {
      this.silent = silent;
      this.element.classList.toggle('silent', silent);
      this.silence.hidden = !silent;
    }
    const text = silent ? `No data for ${duration(silentMs)}` : '';
    if (text !== this.silenceText) this.silence.textContent = this.silenceText = text;
    if (!this.dirty) return;
    this.dirty = false;
    // Each repaint counted on the tile (data-paints): the browser tests hold it to a few a second however fast readings come.
    this.element.dataset.paints = `${++this.paints}`;
    this.element.className = `tile ${riskClass(d.risk)}${silent ? ' silent' : ''}`;
    this.news2.textContent = `${d.news2}`;
    this.news2.title = `NEWS2 ${d.news2} (${(d.risk ?? '').toLowerCase().replace('_', '-')} risk)`;
    for (const vital of VITALS) {
      const value = vital.key === 'bloodPressure'
        ? (d.systolic != null ? `${d.systolic}/${d.diastolic ?? '–'}` : null)
        : d[vital.key];
      const cell = this.vitals.get(vital.key);
      cell.textContent = value == null ? '–' : vital.format(value);
      cell.parentElement.parentElement.className = `vital ${statusClass(d.statuses?.[vital.key === 'bloodPressure' ? 'systolic' : vital.key])}`;
    }
    const e = this.episode;
    this.badge.className = e ? `badge ${e.kind === 'TECHNICAL' ? 'badge-technical' : e.severity === 'CRITICAL' ? 'badge-critical' : 'badge-warning'}` : 'badge';
    this.badge.textContent = e ? `${e.kind === 'TECHNICAL' ? 'NO DATA' : e.severity}${e.acknowledgedBy ? ' ✓' : ''}` : '';
    this.badge.title = e ? e.message : '';
    if (this.visible) this.#draw();
    else this.chartStale = true;
    // A benchmark sets window.pulseMeasure = [] to learn when each reading reached the screen.
    window.pulseMeasure?.push([this.id, d.ts, performance.timeOrigin + performance.now()]);
  }

  #draw() {
    this.chartStale = false;
    const xs = this.points.map((p) => p[0] / 1000);
    const series = [xs, this.points.map((p) => p[1]), this.points.map((p) => p[2])];
    if (!this.chart) {
      const width = Math.max(120, this.chartBox.clientWidth || 200);
      this.chart = new uPlot({
        width, height: 48, legend: { show: false }, cursor: { show: false }, select: { show: false },
        axes: [{ show: false }, { show: false, scale: 'hr' }, { show: false, scale: 'spo2' }],
        scales: { x: { time: true }, hr: { range: [30, 180] }, spo2: { range: [70, 100] } },
        series: [{}, { scale: 'hr', stroke: '#4ade80', width: 1.5 }, { scale: 'spo2', stroke: '#38bdf8', width: 1.5 }],
      }, series, this.chartBox);
    } else {
      this.chart.setData(series);
    }
  }
}
