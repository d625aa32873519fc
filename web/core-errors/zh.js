// The Chinese catalog of the engine's error messages, one file per room of src/ and one for the page's own (web/) (see
// web/core-errors.js for how a message is matched, scripts/core-errors.mjs for the skeletons).
import core from './zh/core.js';
import ecosystem from './zh/ecosystem.js';
import experiment from './zh/experiment.js';
import model from './zh/model.js';
import prompt from './zh/prompt.js';
import recommend from './zh/recommend.js';
import train from './zh/train.js';
import wasm from './zh/wasm.js';
import web from './zh/web.js';

const ROOMS = [core, ecosystem, experiment, model, prompt, recommend, train, wasm, web];

export const CORE_ERRORS_ZH = {
  messages: Object.assign({}, ...ROOMS.map(r => r.messages)),
  fragments: Object.assign({}, ...ROOMS.map(r => r.fragments)),
};
