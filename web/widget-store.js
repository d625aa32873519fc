/**
 * What the widget keeps in the visitor's browser, and nowhere else: the visitor id (for sticky
 * variant assignment), the products they viewed or clicked (their history) and the event log.
 * localStorage under keys starting "plume-widget:"; when storage is blocked (a sandboxed iframe,
 * privacy settings) everything lives in memory for the page's lifetime. Nothing is sent anywhere.
 * @module widget-store
 */

const PREFIX = 'plume-widget:';
const MAX_HISTORY = 50;
const MAX_EVENTS = 500;   // oldest dropped first: a site's log stays small
const memory = new Map();

function storage() {
  try {
    const s = globalThis.localStorage;
    if (!s) return null;
    s.getItem(`${PREFIX}probe`);
    return s;
  } catch {
    return null;
  }
}

function read(key, fallback) {
  const s = storage();
  const text = s ? safe(() => s.getItem(PREFIX + key)) : memory.get(key);
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;   // someone else's junk under our key: start over
  }
}

function write(key, value) {
  const text = JSON.stringify(value);
  const s = storage();
  if (!s || safe(() => (s.setItem(PREFIX + key, text), true)) !== true) memory.set(key, text);
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return null;
  }
}

function newId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map(x => x.toString(16).padStart(2, '0')).join('');
}

/** The visitor's id, created once and kept (sticky assignment hashes it). */
export function visitorId() {
  let id = read('visitor', null);
  if (typeof id !== 'string' || !id) {
    id = newId();
    write('visitor', id);
  }
  return id;
}

/** Product ids the visitor viewed or clicked, oldest first. */
export function history() {
  const h = read('history', []);
  return Array.isArray(h) ? h.filter(x => typeof x === 'string') : [];
}

/** Adds a product to the history (moved to the end when already there). */
export function remember(productId) {
  if (typeof productId !== 'string' || !productId) return;
  const h = history().filter(x => x !== productId);
  h.push(productId);
  write('history', h.slice(-MAX_HISTORY));
}

/** The stored variation of an experiment for this visitor, or null. */
export function stickyVariation(experimentKey) {
  const all = read('assignments', {});
  const v = all && typeof all === 'object' ? all[experimentKey] : undefined;
  return typeof v === 'number' ? v : null;
}

/** Keeps an assignment so that later changes of weights do not move the visitor. */
export function keepVariation(experimentKey, variationId) {
  const all = read('assignments', {});
  const next = all && typeof all === 'object' && !Array.isArray(all) ? all : {};
  next[experimentKey] = variationId;
  write('assignments', next);
}

/** The local event log, oldest first. */
export function events() {
  const e = read('events', []);
  return Array.isArray(e) ? e : [];
}

/** Appends an event to the local log; returns it. */
export function record(event) {
  const log = events();
  log.push(event);
  write('events', log.slice(-MAX_EVENTS));
  return event;
}

/** Forgets everything the widget stored (a site's "reset" or a privacy request). */
export function clearAll() {
  memory.clear();
  const s = storage();
  if (!s) return;
  for (const key of ['visitor', 'history', 'assignments', 'events']) safe(() => s.removeItem(PREFIX + key));
}
