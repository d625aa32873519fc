// A small RFC 4180 reader for the studio's previews and pickers (quoted fields, "" escapes,
// new lines inside quotes, CRLF, a UTF-8 BOM). It never judges the data: the WASM core's importer
// (web/ecosystem.js) is the one that accepts or rejects a file, with line and column.

/**
 * @param {string} text
 * @param {{limit?: number}} [options] stop after this many records (after the header)
 * @returns {{header: string[], rows: string[][], lines: number[]}} lines: each row's first line in the file
 */
export function parseCsv(text, { limit = Infinity } = {}) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const starts = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => { record.push(field); field = ''; };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === '')) { records.push(record); starts.push(start); }   // blank lines
    record = [];
    start = line;
  };
  for (; i < text.length && records.length <= limit; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') { line++; endRecord(); }
    else if (c === '\r') { if (text[i + 1] === '\n') i++; line++; endRecord(); }
    else field += c;
  }
  if (records.length <= limit && (field !== '' || record.length)) endRecord();
  const [header = [], ...rows] = records;
  return { header, rows: rows.slice(0, limit), lines: starts.slice(1, limit + 1) };
}

/** CSV text → objects keyed by the header. */
export function csvObjects(text, options) {
  const { header, rows } = parseCsv(text, options);
  return rows.map(r => Object.fromEntries(header.map((h, j) => [h.trim(), r[j] ?? ''])));
}
