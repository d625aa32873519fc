// The demo shop's own script (a host page's side): switches the viewed product and shows the
// events the widget hands over — a real site would forward them to its analytics here.
import { localData } from './widget.js';

const log = document.getElementById('log');
document.addEventListener('plume-event', e => {
  const li = document.createElement('li');
  const { type, item, variation, placement } = e.detail;
  li.textContent = `${type} ${item ?? ''} ${variation ? `variation=${variation}` : ''} ${placement ? `placement=${placement}` : ''}`;
  log.prepend(li);
});
const select = document.getElementById('product');
// The shop's own product list (here: read from the same bundle, as text).
fetch('dist/widget/widget.json').then(r => r.json()).then(bundle => {
  for (const p of bundle.products.slice(0, 40)) {
    const option = document.createElement('option');
    option.value = p.id;
    option.textContent = `${p.id} ${p.title}`;
    select.append(option);
  }
  select.value = document.getElementById('en').getAttribute('context-item');
}).catch(() => {});
select.addEventListener('change', () => {
  document.getElementById('en').setAttribute('context-item', select.value);
  document.getElementById('zh').update();
});
document.getElementById('reset').addEventListener('click', () => {
  localData.clear();
  location.reload();
});
