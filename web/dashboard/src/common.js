// What every page shares: the vitals it shows, how each reads, and the colours of bands and priorities.

/** The vitals of a tile, in the order a central station lists them. */
export const VITALS = [
  { key: 'heartRate', label: 'HR', unit: 'bpm', format: (v) => `${v}` },
  { key: 'spo2', label: 'SpO₂', unit: '%', format: (v) => `${v}` },
  { key: 'bloodPressure', label: 'BP', unit: 'mmHg', format: (v) => v },
  { key: 'respiratoryRate', label: 'RR', unit: '/min', format: (v) => `${v}` },
  { key: 'temperature', label: 'Temp', unit: '°C', format: (v) => v.toFixed(1) },
  { key: 'consciousness', label: 'ACVPU', unit: '', format: (v) => v.charAt(0) + v.slice(1).toLowerCase() },
];

/** NEWS2 risk → the band's CSS class: red high, yellow medium, cyan low, none plain. */
export function riskClass(risk) {
  switch (risk) {
    case 'HIGH': return 'band-high';
    case 'MEDIUM': return 'band-medium';
    case 'LOW_MEDIUM':
    case 'LOW': return 'band-low';
    default: return 'band-none';
  }
}

/** A vital's status → its CSS class. */
export function statusClass(status) {
  switch (status) {
    case 'CRITICAL_LOW':
    case 'CRITICAL_HIGH': return 'status-critical';
    case 'WARNING': return 'status-warning';
    case 'NORMAL': return 'status-normal';
    default: return 'status-absent';
  }
}

/** An episode → its priority: 0 critical, 1 warning, 2 technical (lower first). */
export function priority(episode) {
  if (episode.kind === 'TECHNICAL') return 2;
  return episode.severity === 'CRITICAL' ? 0 : 1;
}

export function priorityClass(episode) {
  return ['priority-high', 'priority-medium', 'priority-low'][priority(episode)];
}

/** "45 s", "3 min", "1 h 5 min". */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "14:03:07" in the browser's time zone. */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** GET a JSON document; throws with the server's message on an error status. */
export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Makes an element: el('div', {class: 'x'}, child, 'text', …). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** The server's clock, from the offset of the latest message that carried it. */
export class ServerClock {
  #offset = 0;
  update(serverTime) { this.#offset = serverTime - Date.now(); }
  now() { return Date.now() + this.#offset; }
}
