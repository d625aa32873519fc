// An independent reader agrees with Plume's GGUF writer: node-llama-cpp's readGgufFileInfo (its
// own JavaScript parser, no llama.cpp binary involved) reads the files the C++ round-trip test
// (tests/unit/test_gguf.cpp) saves in build/test-artifacts/, and must find exactly what Plume
// meant to write, as recorded in the JSON sidecar next to each file:
//   version, every metadata key with its value (64-bit integers compared exactly, floats bit for
//   bit), every tensor's name, dimensions, ggml type and offset, where the tensor data section
//   starts, and the tensor bytes found at the file offsets node-llama-cpp computes.
// Skips (with a message) when the artifacts are missing: run the C++ unit tests first, with
// build/test-artifacts/ present (scripts/test does both).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { readGgufFileInfo } from 'node-llama-cpp';

const ARTIFACTS = fileURLToPath(new URL('../../build/test-artifacts/', import.meta.url));
const files = existsSync(ARTIFACTS)
  ? readdirSync(ARTIFACTS).filter(f => /^plume_roundtrip.*\.gguf$/.test(f) && existsSync(join(ARTIFACTS, `${f}.json`)))
  : [];

// node-llama-cpp nests metadata by the dots in keys ("general.name" -> metadata.general.name),
// falling back to dotted names where a prefix is already a value. Try the longest prefix first.
function lookup(object, parts) {
  if (parts.length === 0) return object;
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return undefined;
  for (let n = parts.length; n >= 1; n--) {
    const key = parts.slice(0, n).join('.');
    if (Object.hasOwn(object, key)) {
      const found = lookup(object[key], parts.slice(n));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

const show = v => (Object.is(v, -0) ? '-0' : String(v));

// The sidecar writes integers as decimal strings; node-llama-cpp gives numbers or bigints.
function sameValue(type, expected, actual) {
  switch (type) {
    case 'string':
    case 'bool':
      return expected === actual;
    case 'float32':
    case 'float64':
      return Object.is(Number(expected), actual);  // exact, and -0 stays -0
    default:
      return (typeof actual === 'number' || typeof actual === 'bigint') && BigInt(expected) === BigInt(actual);
  }
}

test('Plume-written GGUF files are present for the cross-check', t => {
  if (files.length === 0) {
    t.skip(`no GGUF files in ${ARTIFACTS}: run the C++ unit tests with that directory present first`);
  }
});

for (const name of files) {
  test(`node-llama-cpp reads ${name} as Plume wrote it`, async () => {
    const path = join(ARTIFACTS, name);
    const want = JSON.parse(readFileSync(`${path}.json`, 'utf8'));
    const info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });

    assert.equal(info.version, want.version);
    assert.equal(Number(info.tensorCount), want.tensors.length);

    for (const entry of want.metadata) {
      const actual = lookup(info.metadata, entry.key.split('.'));
      assert.notEqual(actual, undefined, `metadata key ${entry.key} missing`);
      if (entry.type === 'array') {
        assert.ok(Array.isArray(actual), `${entry.key} is an array`);
        assert.equal(actual.length, entry.value.length, `${entry.key} length`);
        entry.value.forEach((v, i) =>
          assert.ok(sameValue(entry.array_type, v, actual[i]), `${entry.key}[${i}]: want ${show(v)}, got ${show(actual[i])}`));
      } else {
        assert.ok(sameValue(entry.type, entry.value, actual), `${entry.key}: want ${show(entry.value)}, got ${show(actual)}`);
      }
    }

    assert.equal(info.infoEndOffset, want.tensor_data_offset, 'start of the tensor data section');
    const bytes = readFileSync(path);
    assert.equal(info.tensorInfo.length, want.tensors.length);
    info.tensorInfo.forEach((tensor, i) => {
      const w = want.tensors[i];
      assert.equal(tensor.name, w.name);
      assert.deepEqual(tensor.dimensions.map(Number), w.ne);
      assert.equal(tensor.ggmlType, w.ggml_type);
      assert.equal(Number(tensor.offset), w.offset);
      const start = Number(tensor.fileOffset);
      assert.equal(start % want.alignment, 0, `${w.name} data is aligned`);
      assert.equal(bytes.subarray(start, start + w.size).toString('hex'), w.data_hex, `${w.name} data`);
    });
  });
}
