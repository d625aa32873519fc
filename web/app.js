// The studio shell: a tab per view (web/views/index.js lists them), the current view in the URL
// hash (#generate, #data, ...: a reload stays on it), the Chinese/English switch that re-renders
// every view, and the `ctx` the views share: the engine (web/engine-host.js), the workspace
// (web/workspace.js, IndexedDB) and the banners (web/banner.js). The shell draws; the WASM core
// decides. Views put data into the page only as text (textContent), never as HTML.

import { LANGUAGES, defaultLanguage, registerStrings, translate } from './i18n.js';
import { STUDIO_STRINGS } from './studio-strings.js';
import { createBanner, messageOf } from './banner.js';
import { createEngineHost, defaultModelUrl } from './engine-host.js';
import { openWorkspace } from './workspace.js';
import { VIEWS } from './views/index.js';

registerStrings(STUDIO_STRINGS);
for (const view of VIEWS) if (view.strings) registerStrings(view.strings);

let lang = 'en';
const t = (key, params) => translate(lang, key, params);
const $ = id => document.getElementById(id);
const mounted = [];   // {view, tab, panel, instance}
let current = null;

function applyStaticText(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

const titleOf = view => view.title?.[lang] ?? view.title?.en ?? view.id;

function setLanguage(next) {
  lang = LANGUAGES.includes(next) ? next : 'en';
  try { localStorage.setItem('plume.lang', lang); } catch { /* private mode: fine */ }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  applyStaticText(document);
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  for (const m of mounted) {
    m.tab.textContent = titleOf(m.view);
    m.instance?.render?.();
  }
  document.title = current ? `${titleOf(current.view)} · ${t('page.title')}` : t('page.title');
  ctx.banner.render();
}

function initialLanguage() {
  let saved = null;
  try { saved = localStorage.getItem('plume.lang'); } catch { /* ignore */ }
  if (LANGUAGES.includes(saved)) return saved;
  return defaultLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

// ---------------------------------------------------------------------------------------------
// Views and tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, Home/End jump)

function show(id, { focus = false } = {}) {
  const next = mounted.find(m => m.view.id === id) ?? mounted[0];
  if (!next) return;
  for (const m of mounted) {
    const on = m === next;
    m.tab.setAttribute('aria-selected', String(on));
    m.tab.tabIndex = on ? 0 : -1;
    m.panel.hidden = !on;
  }
  const changed = current !== next;
  current = next;
  if (focus) next.tab.focus();
  if (location.hash.slice(1) !== next.view.id) history.replaceState(null, '', `#${next.view.id}`);
  document.title = `${titleOf(next.view)} · ${t('page.title')}`;
  if (changed) next.instance?.show?.();
}

function onTabKey(e) {
  const i = mounted.findIndex(m => m.tab === e.currentTarget);
  const last = mounted.length - 1;
  const to = { ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1, Home: 0, End: last }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  show(mounted[to].view.id, { focus: true });
}

function mountViews() {
  const tabs = $('view-tabs');
  const panels = $('views');
  for (const view of VIEWS) {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.id = `tab-${view.id}`;
    tab.className = 'view-tab';
    tab.dataset.view = view.id;
    tab.setAttribute('aria-controls', `view-${view.id}`);
    tab.addEventListener('click', () => show(view.id));
    tab.addEventListener('keydown', onTabKey);
    const panel = document.createElement('section');
    panel.id = `view-${view.id}`;
    panel.className = `view view-${view.id}`;
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', tab.id);
    panel.hidden = true;
    tabs.append(tab);
    panels.append(panel);
    const entry = { view, tab, panel, instance: null };
    mounted.push(entry);
    try {
      entry.instance = view.mount(panel, ctx) ?? null;
    } catch (e) {
      // One broken view must not take the studio down: say which, keep the others.
      ctx.banner.error('studio.viewFailed', new Error(`${view.id}: ${messageOf(e)}`));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Start

const ctx = {
  t,
  get lang() { return lang; },
  engine: createEngineHost(),
  workspace: null,
  banner: null,
  navigate: id => show(id, { focus: true }),
  defaultModelUrl,
};
ctx.banner = createBanner(t);

// Whatever goes wrong, say so in the page instead of failing silently.
window.addEventListener('error', e => ctx.banner.error('error.unexpected', e.message));
window.addEventListener('unhandledrejection', e => ctx.banner.error('error.unexpected', e.reason));
// Dropping a file outside a drop zone must not make the browser navigate away to it.
for (const type of ['dragover', 'drop']) window.addEventListener(type, e => e.preventDefault());
for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLanguage(b.dataset.lang));
window.addEventListener('hashchange', () => show(location.hash.slice(1)));

lang = initialLanguage();
ctx.workspace = await openWorkspace({
  onError: e => ctx.banner.error('workspace.storageFailed', e),
});
mountViews();
setLanguage(lang);
show(location.hash.slice(1));
ctx.engine.load(defaultModelUrl()).catch(e => ctx.banner.error('error.load', e));
