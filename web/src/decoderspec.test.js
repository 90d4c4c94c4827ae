// The port panel's Decoder section (decoderspec.js): the spec from the
// form, the form from a spec, the counts in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DECODERS, specFromForm, formFromSpec, describeDecoder } from './decoderspec.js';

test('decoder spec: none is null (DELETE); decoders without options send their name', () => {
  assert.deepEqual(specFromForm({ name: '' }), { spec: null });
  for (const name of ['arduino', 'nmea', 'json']) assert.deepEqual(specFromForm({ name, pattern: 'x', separator: ';' }), { spec: { name } });
  assert.match(specFromForm({ name: 'bogus' }).error, /unknown decoder "bogus"/);
  assert.deepEqual(DECODERS, ['', 'arduino', 'csv', 'json', 'kv', 'nmea', 'regex', 'frame']);
});

test('decoder spec: each decoder sends only its own options, as given', () => {
  assert.deepEqual(specFromForm({ name: 'regex', pattern: 'T=(?P<temp>[0-9.]+)', separator: ';', header: 'true' }).spec,
    { name: 'regex', pattern: 'T=(?P<temp>[0-9.]+)' });
  assert.match(specFromForm({ name: 'regex', pattern: '' }).error, /needs a pattern/);
  assert.deepEqual(specFromForm({ name: 'csv', header: 'true', separator: ';', columns: ' a, b ,,c ' }).spec,
    { name: 'csv', header: 'true', separator: ';', columns: ['a', 'b', 'c'] });
  assert.deepEqual(specFromForm({ name: 'csv', header: 'auto', separator: '', columns: '' }).spec, { name: 'csv' });
  assert.deepEqual(specFromForm({ name: 'csv', header: 'false', separator: '\\t' }).spec, { name: 'csv', header: 'false', separator: '\t' });
  assert.deepEqual(specFromForm({ name: 'kv', separator: ' ', assign: ':', pattern: 'x' }).spec, { name: 'kv', separator: ' ', assign: ':' });
  assert.deepEqual(specFromForm({ name: 'kv', separator: '', assign: '' }).spec, { name: 'kv' });
  assert.deepEqual(specFromForm({ name: 'json', maxArray: ' 4 ' }).spec, { name: 'json', 'max-array': 4 });
  for (const bad of ['0', '-1', '2.5', 'many']) assert.match(specFromForm({ name: 'json', maxArray: bad }).error, /max-array/, bad);
});

test('decoder spec: frame takes its options as a JSON object', () => {
  const opts = { start: 'AA55', length: 16, crc: 'crc16-ccitt-false', field: [{ name: 'temp', offset: 5, type: 'i16', scale: 0.01 }] };
  assert.deepEqual(specFromForm({ name: 'frame', frame: JSON.stringify(opts) }).spec, { name: 'frame', ...opts });
  // A name in the JSON does not override the one chosen.
  assert.equal(specFromForm({ name: 'frame', frame: '{"name":"csv","start":"AA"}' }).spec.name, 'frame');
  assert.match(specFromForm({ name: 'frame', frame: '{"start":' }).error, /not JSON/);
  assert.match(specFromForm({ name: 'frame', frame: '[1]' }).error, /JSON object/);
  assert.match(specFromForm({ name: 'frame', frame: '3' }).error, /JSON object/);
});

test('decoder spec: the form shows what GET answered, and gives the same spec back', () => {
  assert.deepEqual(formFromSpec(null), { name: '', pattern: '', header: 'auto', separator: '', columns: '', assign: '', maxArray: '', frame: '' });
  const csv = { name: 'csv', header: 'true', separator: '\t', columns: ['a', 'b'] };
  const f = formFromSpec(csv);
  assert.equal(f.separator, '\\t');
  assert.equal(f.columns, 'a, b');
  assert.deepEqual(specFromForm(f).spec, csv);
  for (const spec of [
    { name: 'regex', pattern: '^T=(?P<t>\\d+)$' },
    { name: 'kv', separator: ';', assign: '=' },
    { name: 'json', 'max-array': 3 },
    { name: 'frame', start: 'AA55', length: 8, field: [{ name: 'x', offset: 2, type: 'u8' }] },
    { name: 'nmea' },
  ]) assert.deepEqual(specFromForm(formFromSpec(spec)).spec, spec, spec.name);
  assert.equal(formFromSpec({ name: 'someday' }).name, '', 'a decoder the console does not know shows as none');
});

test('decoder counts: in words, errors that grew', () => {
  assert.equal(describeDecoder(null).name, '');
  assert.match(describeDecoder({ bytesIn: 3 }).text, /^No decoder/);
  const d = describeDecoder({ decoder: 'arduino', decodedRecords: 1234, decodeErrors: 1, decodeDropped: 0 });
  assert.equal(d.text, 'arduino: 1,234 records, 1 error, 0 bytes dropped');
  assert.deepEqual([d.records, d.errors, d.dropped, d.grew], [1234, 1, 0, false]);
  assert.equal(describeDecoder({ decoder: 'csv' }).text, 'csv: 0 records, 0 errors, 0 bytes dropped');
  assert.equal(describeDecoder({ decoder: 'csv', decodeErrors: 3 }, 2).grew, true);
  assert.equal(describeDecoder({ decoder: 'csv', decodeErrors: 3 }, 3).grew, false);
  assert.equal(describeDecoder({ decoder: 'csv', decodeErrors: 3 }, null).grew, false);
});
