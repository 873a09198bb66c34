// The ward view: a tile per patient sorted by acuity, and the alarm list; pushed by the server
// (Server-Sent Events), repainted at most once per frame and only where something changed.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { Tile } from './tile.js';
import { AlarmList } from './alarms.js';
import { ServerClock, priority } from './common.js';

const clock = new ServerClock();
const tiles = new Map();
const grid = document.getElementById('tiles');
const status = document.getElementById('connection');
const open = (id) => { location.href = `patient.html?id=${encodeURIComponent(id)}`; };
const alarms = new AlarmList(document.getElementById('alarms'), open, () => schedule());
let noDataAfterMs = 60_000;
let order = '';
let count = '';
let scheduled = false;
const changed = new Set();

/** Asks for one repaint at the next animation frame, however many messages come before it. */
function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(frame);
}

function tile(data) {
  let t = tiles.get(data.patientId);
  if (t) t.update(data);
  else {
    t = new Tile(data, open);
    // A patient's first alert can come before its first tile (the two are pushed apart): the new tile takes it.
    t.setEpisode(alarms.episodeOf(data.patientId));
    tiles.set(data.patientId, t);
    grid.append(t.element);
  }
  changed.add(t);
  schedule();
  return t;
}

function applyEpisodes(episodes) {
  for (const e of episodes) alarms.apply(e);
  for (const patientId of new Set(episodes.map((e) => e.patientId))) {
    const t = tiles.get(patientId);
    if (!t) continue;
    t.setEpisode(alarms.episodeOf(patientId));
    changed.add(t);
  }
  schedule();
}

/** Acuity: NEWS2, then an open critical episode, then a warning one; then the id. */
function acuity(a, b) {
  const rank = (t) => (t.episode ? priority(t.episode) : 3);
  return b.data.news2 - a.data.news2 || rank(a) - rank(b) || a.id.localeCompare(b.id);
}

function sort() {
  const sorted = [...tiles.values()].sort(acuity);
  const key = sorted.map((t) => t.id).join('|');
  if (key !== order) {
    order = key;
    grid.replaceChildren(...sorted.map((t) => t.element));
  }
}

/** Repaints the tiles that changed (all of them on a tick: their no-data state and ages), and the alarm list. */
function frame(all = false) {
  scheduled = false;
  const now = clock.now();
  for (const t of all === true ? tiles.values() : changed) t.render(now, noDataAfterMs);
  changed.clear();
  alarms.render(now);
  const text = `${tiles.size} patients`;
  if (text !== count) document.getElementById('count').textContent = count = text;
}

function snapshot(ward) {
  clock.update(ward.serverTime);
  noDataAfterMs = ward.noDataAfterMs;
  for (const data of ward.patients) tile(data);
  alarms.reset();
  applyEpisodes(ward.episodes);
  for (const t of tiles.values()) {
    t.setEpisode(alarms.episodeOf(t.id));
    changed.add(t);
  }
  sort();
  schedule();
}

function start() {
  // The server sends the whole ward first (again after each reconnection), then what changed, a few times a second.
  const events = new EventSource('api/events');
  events.addEventListener('snapshot', (m) => {
    snapshot(JSON.parse(m.data));
    document.body.dataset.loaded = 'true';
  });
  events.addEventListener('tiles', (m) => {
    const message = JSON.parse(m.data);
    clock.update(message.serverTime);
    for (const data of message.tiles) tile(data);
  });
  events.addEventListener('episodes', (m) => applyEpisodes(JSON.parse(m.data).episodes));
  events.onopen = () => { status.textContent = 'live'; status.className = 'live'; };
  events.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'down'; };
  setInterval(sort, 2000);
  // Once a second, every tile: a patient falls silent with no message saying so.
  setInterval(() => requestAnimationFrame(() => frame(true)), 1000);
}

start();
