// The studio's views, in tab order; the first is shown when the URL names none. A view is a
// module exporting {id, title: {en, zh}, mount(container, ctx), strings?: {en, zh}} — see
// web/app.js for ctx. To add a view: write web/views/<name>.js and add one line here.

import model from './model.js';
import brandVoice from './brand-voice.js';
import data from './data.js';
import generate from './generate.js';
import recommendations from './recommendations.js';
import experiments from './experiments.js';
import campaigns from './campaigns.js';
import partners from './partners.js';
import service from './service.js';
import embed from './embed.js';

export const VIEWS = [
  model,
  generate,
  data,
  recommendations,
  experiments,
  campaigns,
  partners,
  embed,
  brandVoice,
  service,
];
