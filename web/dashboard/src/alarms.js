// The alarm list: open episodes by priority (critical, warning, technical) then age, each with its
// findings and message, and an Acknowledge button that asks the server to publish to alerts.acks.
import { el, clock, duration, priority, priorityClass } from './common.js';

export class AlarmList {
  /** @param {HTMLElement} body the table body; @param {(id: string) => void} open; @param {() => void} changed asks for a repaint */
  constructor(body, open, changed = () => {}) {
    this.body = body;
    this.open = open;
    this.changed = changed;
    this.episodes = new Map();
    this.pending = new Set();
  }

  /** Forgets every episode (a snapshot follows). */
  reset() {
    this.episodes.clear();
    this.dirty = true;
  }

  /** Takes an episode's newest event; a resolved episode leaves the list. */
  apply(episode) {
    const known = this.episodes.get(episode.episodeId);
    if (known && known.sequence > episode.sequence) return;
    if (episode.state === 'RESOLVED') this.episodes.delete(episode.episodeId);
    else this.episodes.set(episode.episodeId, episode);
    if (episode.acknowledgedBy) this.pending.delete(episode.episodeId);
    this.dirty = true;
  }

  /** The open episode of a patient to badge the tile with: clinical before technical. */
  episodeOf(patientId) {
    let best = null;
    for (const e of this.episodes.values())
      if (e.patientId === patientId && (!best || priority(e) < priority(best))) best = e;
    return best;
  }

  /** Rebuilds the rows when an episode changed; otherwise only brings their ages up to date. */
  render(now) {
    if (!this.dirty && this.body.childElementCount > 0) {
      for (const cell of this.body.querySelectorAll('td.age')) {
        const text = duration(now - Number(cell.dataset.start));
        if (cell.textContent !== text) cell.textContent = text;
      }
      return;
    }
    this.dirty = false;
    const rows = [...this.episodes.values()].sort((a, b) => priority(a) - priority(b) || a.start - b.start);
    this.body.replaceChildren(...rows.map((e) => this.#row(e, now)));
    if (rows.length === 0) this.body.append(el('tr', { class: 'empty' }, el('td', { colspan: 4 }, 'No open alarms.')));
  }

  #row(e, now) {
    const acknowledged = e.acknowledgedBy
      ? el('span', { class: 'acknowledged' }, `✓ ${e.acknowledgedBy} ${clock(e.acknowledgedAt)}`)
      : this.pending.has(e.episodeId)
        ? el('span', { class: 'acknowledging' }, 'acknowledging…')
        : el('button', { type: 'button', class: 'ack', onclick: (event) => { event.stopPropagation(); this.#acknowledge(e); } }, 'Acknowledge');
    return el('tr', { class: `alarm ${priorityClass(e)}${e.acknowledgedBy ? ' is-acknowledged' : ''}`, 'data-episode': e.episodeId },
      el('td', {}, el('span', { class: 'severity' }, e.kind === 'TECHNICAL' ? 'TECH' : e.severity)),
      el('td', {}, el('a', { href: `patient.html?id=${encodeURIComponent(e.patientId)}`, onclick: (event) => { event.preventDefault(); this.open(e.patientId); } }, e.patientId),
        el('div', { class: 'state' }, e.state.toLowerCase())),
      el('td', { class: 'age', title: clock(e.start), 'data-start': e.start }, duration(now - e.start)),
      el('td', { class: 'message' }, e.message,
        (e.findings ?? []).length > 1
          ? el('ul', { class: 'findings' }, e.findings.map((f) => el('li', {}, el('b', {}, f.vital ? `${f.rule} ${f.vital}` : f.rule), ' ', f.message)))
          : null,
        el('div', { class: 'action' }, acknowledged)));
  }

  async #acknowledge(e) {
    this.pending.add(e.episodeId);
    this.dirty = true;
    this.changed();
    try {
      const response = await fetch('api/acks', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ patientId: e.patientId, episodeId: e.episodeId }),
      });
      if (!response.ok) throw new Error(await response.text());
    } catch (error) {
      this.pending.delete(e.episodeId);
      this.dirty = true;
      this.changed();
      alert(`Could not acknowledge ${e.patientId}: ${error.message}`);
    }
  }
}
