#!/usr/bin/env node
// The engine's error messages as skeletons, for their Chinese catalog (web/core-errors/).
//
// The C++ core builds every error with make_error("literal", value, "literal", ...) or
// Error{"literal"}: a skeleton is that call's text with each non-literal argument as "{}"
// ("{}: no partner '{}' in the manifest{}"). web/core-errors.js matches a message against the
// skeletons to show it in Chinese; tests/js/core-errors.test.mjs checks with this script that
// every skeleton of src/ (but src/cli/, which speaks to developers in English) has a translation.
// The page's own JS messages (new PlumeError(`... ${x} ...`) in web/) are skeletons of room "web".
//
//   node scripts/core-errors.mjs missing [room]   skeletons without a translation, by room
//   node scripts/core-errors.mjs stale            translations whose skeleton is gone
//   node scripts/core-errors.mjs list [room]      every skeleton with its files
//   node scripts/core-errors.mjs check            translations that lose a value or are not Chinese
//   node scripts/core-errors.mjs try MESSAGE      the message as the Chinese interface shows it
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ROOMS = ['core', 'ecosystem', 'experiment', 'model', 'prompt', 'recommend', 'train', 'wasm', 'web'];

const LITERAL = /(?:u8|L|u|U)?"((?:[^"\\\n]|\\.)*)"/y;

/** The C escapes a message literal may use, undone. */
function unescape(s) {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[nt"'\\?])/g, (m, e) =>
    e === 'n' ? '\n' : e === 't' ? '\t' : e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : e);
}

/**
 * From a quote at `i` ("…", '…' or `…` with ${…} inside), the index of the closing quote. The one
 * string scanner of this file: comments, brackets and separators are all found outside strings.
 */
function skipQuoted(text, i) {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === quote) return j;
    else if (quote === '`' && text[j] === '$' && text[j + 1] === '{') j = matchingBracket(text, j + 1);
  }
  return text.length;
}

const isQuote = (c, templates) => c === '"' || c === "'" || (templates && c === '`');

/** From an opening bracket at `open`, the index of its closing bracket (strings skipped). */
function matchingBracket(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (isQuote(c, true)) i = skipQuoted(text, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return i;
  }
  return text.length;
}

/** `text` cut at each `separator` outside strings and brackets, the pieces trimmed. */
function splitTopLevel(text, separator) {
  const pieces = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (isQuote(c, true)) i = skipQuoted(text, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === separator && depth === 0) {
      pieces.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  pieces.push(text.slice(start).trim());
  return pieces;
}

/** From `open` (an opening bracket), the call's top-level arguments, or null if it never closes. */
function splitArguments(text, open) {
  const close = matchingBracket(text, open);
  return close < text.length ? splitTopLevel(text.slice(open + 1, close), ',') : null;
}

/** An argument made only of adjacent string literals gives its text; anything else, null. */
function literalText(arg) {
  let text = '';
  let at = 0;
  let any = false;
  while (at < arg.length) {
    while (/\s/.test(arg[at] ?? '')) at++;
    if (at >= arg.length) break;
    LITERAL.lastIndex = at;
    const m = LITERAL.exec(arg);
    if (!m) return null;
    text += unescape(m[1]);
    at = LITERAL.lastIndex;
    any = true;
  }
  return any ? text : null;
}

/** `source` with its comments blanked out (string and character literals kept). */
function withoutComments(source, { template = false } = {}) {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (isQuote(c, template)) {
      const j = skipQuoted(source, i);
      out += source.slice(i, j + 1);
      i = j;
    } else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = (end === -1 ? source.length : end) - 1;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = (end === -1 ? source.length : end + 2) - 1;
    } else {
      out += c;
    }
  }
  return out;
}

/** The skeletons in one C++ source text (a call with no literal text has none). */
export function skeletonsOf(cppSource) {
  const source = withoutComments(cppSource);
  const found = [];
  for (const m of source.matchAll(/\bmake_error\s*\(/g)) {
    const args = splitArguments(source, m.index + m[0].length - 1);
    if (!args || (args.length === 1 && args[0] === '')) continue;
    const skeleton = args.map(a => literalText(a) ?? '{}').join('');
    if (skeleton.replace(/\{\}/g, '').trim()) found.push(skeleton);
  }
  for (const m of source.matchAll(/\bError\s*\{/g)) {
    const args = splitArguments(source, m.index + m[0].length - 1);
    if (!args || args.length !== 1) continue;
    const text = literalText(args[0]);
    if (text !== null) found.push(text);
  }
  return found;
}

/** A JS message expression ('a' + x + `b ${y}`) as a skeleton, or null when it has no text. */
function jsSkeleton(expression) {
  let skeleton = '';
  for (const term of splitTopLevel(expression, '+')) {
    const quoted = /^(['"])((?:(?!\1)[^\\]|\\.)*)\1$/s.exec(term);
    const template = /^`([\s\S]*)`$/.exec(term);
    if (quoted) skeleton += unescape(quoted[2]);
    else if (template) skeleton += unescape(template[1].replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '\u0000')).replace(/\u0000/g, '{}');
    else skeleton += '{}';
  }
  return skeleton.replace(/\{\}/g, '').trim() ? skeleton : null;
}

/** The skeletons of the messages a JS file throws (new PlumeError(...), new Error(...)). */
export function jsSkeletonsOf(source) {
  const code = withoutComments(source, { template: true });
  const found = [];
  for (const m of code.matchAll(/\bnew (?:PlumeError|Error|TypeError|RangeError|CacheCorrupted)\s*\(/g)) {
    const arg = splitArguments(code, m.index + m[0].length - 1)?.[0];
    const skeleton = arg && jsSkeleton(arg);
    if (skeleton) found.push(skeleton);
  }
  return found;
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(cpp|h|inc)$/.test(entry.name)) yield path;
  }
}

/**
 * Every skeleton of src/'s rooms: Map skeleton -> {room, files}. A skeleton found in several
 * rooms belongs to the first in ROOMS order.
 */
export function extractSkeletons(srcDir = join(ROOT, 'src'), webDir = join(ROOT, 'web')) {
  const skeletons = new Map();
  const add = (skeleton, room, file) => {
    if (!skeletons.has(skeleton)) skeletons.set(skeleton, { room, files: [] });
    const files = skeletons.get(skeleton).files;
    if (!files.includes(file)) files.push(file);
  };
  for (const room of ROOMS.filter(r => r !== 'web')) {
    for (const path of sourceFiles(join(srcDir, room))) {
      for (const skeleton of skeletonsOf(readFileSync(path, 'utf8'))) add(skeleton, room, relative(srcDir, path));
    }
  }
  // The page's own messages (web/*.js and web/views/*.js; not the vendored libraries).
  for (const dir of [webDir, join(webDir, 'views')]) {
    for (const entry of readdirSync(dir).filter(f => f.endsWith('.js')).sort()) {
      const path = join(dir, entry);
      for (const skeleton of jsSkeletonsOf(readFileSync(path, 'utf8'))) add(skeleton, 'web', `web/${relative(webDir, path)}`);
    }
  }
  return skeletons;
}

/**
 * What is wrong with a catalog's entries: a translation must name each of its skeleton's values
 * ({0}, {1}, ...) and no other, and be Chinese. Returns [key, problem] pairs.
 */
export function catalogProblems(catalog) {
  const problems = [];
  for (const [key, text] of Object.entries({ ...catalog.messages, ...catalog.fragments })) {
    if (typeof text !== 'string') { problems.push([key, 'the translation is not a string']); continue; }
    const holes = key.split('{}').length - 1;
    const used = new Set([...text.matchAll(/\{(\d+)\}/g)].map(m => Number(m[1])));
    for (let i = 0; i < holes; i++) if (!used.has(i)) problems.push([key, `{${i}} is not used`]);
    for (const i of used) if (i >= holes) problems.push([key, `{${i}} is not a value of the skeleton (it has ${holes})`]);
    const literal = key.split('{}').join('');
    if (/[A-Za-z]{3}/.test(literal) && !/[\u4e00-\u9fff]/.test(text)) problems.push([key, 'the translation has no Chinese']);
  }
  return problems;
}

async function main([command = 'missing', room]) {
  const { CORE_ERRORS_ZH } = await import(pathToFileURL(join(ROOT, 'web/core-errors/zh.js')).href);
  if (command === 'try') {
    const { localizeMessage } = await import(pathToFileURL(join(ROOT, 'web/core-errors.js')).href);
    console.log(localizeMessage(room ?? '', 'zh'));
    return;
  }
  if (command === 'check') {
    const problems = catalogProblems(CORE_ERRORS_ZH);
    for (const [key, problem] of problems) console.log(`${JSON.stringify(key)}: ${problem}`);
    console.error(`${problems.length} problems`);
    if (problems.length) process.exitCode = 1;
    return;
  }
  const skeletons = extractSkeletons();
  const rows = [...skeletons].filter(([, s]) => !room || s.room === room);
  if (command === 'list' || command === 'missing') {
    const show = command === 'list' ? rows : rows.filter(([k]) => !(k in CORE_ERRORS_ZH.messages));
    for (const [skeleton, { room: r, files }] of show) console.log(`${r}\t${JSON.stringify(skeleton)}\t${files.join(' ')}`);
    console.error(`${show.length} of ${rows.length} skeletons${command === 'missing' ? ' have no translation' : ''}`);
  } else if (command === 'stale') {
    const stale = Object.keys(CORE_ERRORS_ZH.messages).filter(k => !skeletons.has(k));
    for (const k of stale) console.log(JSON.stringify(k));
    console.error(`${stale.length} stale translations`);
  } else {
    console.error('usage: node scripts/core-errors.mjs missing|list [room] | stale | check | try MESSAGE');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
