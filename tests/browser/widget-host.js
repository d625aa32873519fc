// The test host page's own script (an external file: the strict CSP forbids inline scripts).
// It does what a site would: hands the widget an analytics callback, and keeps link clicks on
// the page (so a click test never navigates away).
window.__hostEvents = [];
for (const el of document.querySelectorAll('plume-recommendations')) {
  el.onPlumeEvent = event => window.__hostEvents.push(event);
}
document.addEventListener('click', e => e.preventDefault(), true);
