// The area view: patients in alarm, vehicles and their orders drawn by coordinates on a plain SVG plot
// (no map tiles: the page works offline), pushed by the server (Server-Sent Events), and the orders listed.
import './style.css';
import { el, clock } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';
const vehicles = new Map();
const orders = new Map();
const episodes = new Map();
const svg = document.getElementById('plot');
let scheduled = false;

const node = (tag, attributes, text) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
};

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => { scheduled = false; draw(); list(); });
}

/** Patients of open clinical episodes with a location; the latest order of each episode beside it. */
function patients() {
  const open = [...episodes.values()].filter((e) => e.kind === 'CLINICAL' && e.state !== 'RESOLVED' && e.latitude != null);
  return open.map((e) => ({ ...e, order: [...orders.values()].find((o) => o.episodeId === e.episodeId) }));
}

/** Longitude and latitude onto the plot: an equirectangular projection true to scale at the middle latitude. */
function projection(points, width, height, pad) {
  const lats = points.map((p) => p[0]);
  const lons = points.map((p) => p[1]);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const spanX = Math.max((maxLon - minLon) * k, 0.005);
  const spanY = Math.max(maxLat - minLat, 0.005);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const x0 = (width - spanX * scale) / 2;
  const y0 = (height - spanY * scale) / 2;
  return { scale, at: (lat, lon) => [x0 + (lon - minLon) * k * scale, height - y0 - (lat - minLat) * scale] };
}

function draw() {
  const width = svg.clientWidth || 900;
  const height = svg.clientHeight || 600;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const people = patients();
  const points = [...vehicles.values()].map((v) => [v.latitude, v.longitude]).concat(people.map((p) => [p.latitude, p.longitude]));
  svg.replaceChildren();
  if (points.length === 0) {
    svg.append(node('text', { x: 20, y: 30, class: 'empty' }, 'No vehicles or patients in alarm with a location yet.'));
    return;
  }
  const { scale, at } = projection(points, width, height, 40);
  // A 1 km scale bar (0.009° of latitude).
  const bar = (1 / 111.195) * scale;
  svg.append(node('line', { x1: 20, y1: height - 20, x2: 20 + bar, y2: height - 20, class: 'scale' }), node('text', { x: 24 + bar, y: height - 16, class: 'label' }, '1 km'));
  for (const p of people) {
    const o = p.order;
    if (o?.status === 'ASSIGNED' && o.vehicleId && vehicles.has(o.vehicleId)) {
      const v = vehicles.get(o.vehicleId);
      const [x1, y1] = at(v.latitude, v.longitude);
      const [x2, y2] = at(p.latitude, p.longitude);
      svg.append(node('line', { x1, y1, x2, y2, class: 'order', 'data-order': o.orderId }));
    }
  }
  for (const v of vehicles.values()) {
    const [x, y] = at(v.latitude, v.longitude);
    const group = node('g', { class: `vehicle v-${v.status.toLowerCase()}`, 'data-vehicle': v.vehicleId });
    group.append(node('circle', { cx: x, cy: y, r: 6 }), node('text', { x: x + 8, y: y + 4, class: 'label' }, v.vehicleId));
    svg.append(group);
  }
  for (const p of people) {
    const [x, y] = at(p.latitude, p.longitude);
    const group = node('g', { class: `patient patient-${p.severity.toLowerCase()}`, 'data-patient': p.patientId });
    if (p.order?.status === 'NO_VEHICLE') group.append(node('circle', { cx: x, cy: y, r: 14, class: 'waiting' }));
    group.append(node('rect', { x: x - 6, y: y - 6, width: 12, height: 12 }), node('text', { x: x + 10, y: y - 8, class: 'label' }, p.patientId));
    svg.append(group);
  }
  document.getElementById('summary').textContent =
    `${people.length} in alarm · ${[...vehicles.values()].filter((v) => v.status === 'AVAILABLE').length} of ${vehicles.size} vehicles available`;
}

function list() {
  const rows = [...orders.values()].sort((a, b) => b.ts - a.ts);
  const eta = (s) => (s == null ? '–' : s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`);
  document.getElementById('orders').replaceChildren(...rows.map((o) => el('tr', { class: `order-row status-${o.status.toLowerCase()}`, 'data-order': o.orderId },
    el('td', {}, clock(o.ts)), el('td', {}, el('a', { href: `patient.html?id=${encodeURIComponent(o.patientId)}` }, o.patientId)),
    el('td', {}, o.status), el('td', {}, o.vehicleId ?? '–'), el('td', { class: 'num' }, o.distanceKm == null ? '–' : `${o.distanceKm.toFixed(2)} km`),
    el('td', { class: 'num' }, eta(o.etaSeconds)), el('td', { class: 'message' }, o.detail ?? o.reason))));
  if (rows.length === 0) document.getElementById('orders').append(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'No orders yet.')));
}

function take({ vehicles: vs = [], orders: os = [] }) {
  for (const v of vs) { const known = vehicles.get(v.vehicleId); if (!known || known.ts <= v.ts) vehicles.set(v.vehicleId, v); }
  for (const o of os) { const known = orders.get(o.orderId); if (!known || known.sequence <= o.sequence) orders.set(o.orderId, o); }
}

function takeEpisodes(list) {
  for (const e of list) {
    const known = episodes.get(e.episodeId);
    if (known && known.sequence > e.sequence) continue;
    if (e.state === 'RESOLVED') episodes.delete(e.episodeId);
    else episodes.set(e.episodeId, e);
  }
}

const events = new EventSource('api/area/events');
const status = document.getElementById('connection');
events.addEventListener('snapshot', (m) => {
  const data = JSON.parse(m.data);
  vehicles.clear(); orders.clear(); episodes.clear();
  take(data.area);
  takeEpisodes(data.episodes);
  schedule();
  document.body.dataset.loaded = 'true';
});
events.addEventListener('area', (m) => { take(JSON.parse(m.data)); schedule(); });
events.addEventListener('episodes', (m) => { takeEpisodes(JSON.parse(m.data).episodes); schedule(); });
events.onopen = () => { status.textContent = 'live'; status.className = 'live'; };
events.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'down'; };
window.addEventListener('resize', schedule);
