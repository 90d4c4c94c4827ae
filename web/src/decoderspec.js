// The port panel's Decoder section, its pure parts: the spec sent to
// PUT /api/ports/{name}/decoder built from the form, the form filled from
// the spec GET answers, and the port object's decoder and counts in words
// (docs/decoders.md, docs/protocol.md). Unit-tested by decoderspec.test.js.

// DECODERS are the choices of the select: '' is none (DELETE).
export const DECODERS = ['', 'arduino', 'csv', 'json', 'kv', 'nmea', 'regex', 'frame'];

// OPTIONS names the form's fields each decoder shows.
export const OPTIONS = {
  '': [],
  arduino: [],
  csv: ['header', 'separator', 'columns'],
  json: ['maxArray'],
  kv: ['separator', 'assign'],
  nmea: [],
  regex: ['pattern'],
  frame: ['frame'],
};

// A tab is typed and shown as \t (a separator field cannot hold one).
const showTab = (s) => String(s).replace(/\t/g, '\\t');
const readTab = (s) => String(s).replace(/\\t/g, '\t');

// specFromForm is the spec of the form's fields ({name, pattern, header,
// separator, columns, assign, maxArray, frame}, all strings): {spec}
// (null for none) or {error} in words. Only the chosen decoder's options
// are sent, and only those given.
export function specFromForm(f) {
  const name = f.name || '';
  if (!Object.hasOwn(OPTIONS, name)) return { error: `unknown decoder "${name}"` };
  if (!name) return { spec: null };
  if (name === 'frame') {
    let opts;
    try {
      opts = JSON.parse((f.frame || '').trim() || '{}');
    } catch (err) {
      return { error: `the frame options are not JSON: ${err.message}` };
    }
    if (!opts || typeof opts !== 'object' || Array.isArray(opts)) return { error: 'the frame options must be a JSON object ({"start":"AA55", …})' };
    const { name: _, ...rest } = opts;
    return { spec: { name, ...rest } };
  }
  const spec = { name };
  const has = (k) => OPTIONS[name].includes(k);
  const text = (k) => (f[k] === undefined || f[k] === null ? '' : String(f[k]));
  if (has('pattern')) {
    if (!text('pattern')) return { error: 'regex needs a pattern with named groups, (?P<name>…)' };
    spec.pattern = text('pattern');
  }
  if (has('header') && text('header') && text('header') !== 'auto') spec.header = text('header');
  if (has('separator') && text('separator')) spec.separator = readTab(text('separator'));
  if (has('columns')) {
    const cols = text('columns').split(',').map((c) => c.trim()).filter((c) => c);
    if (cols.length) spec.columns = cols;
  }
  if (has('assign') && text('assign')) spec.assign = text('assign');
  if (has('maxArray') && text('maxArray').trim()) {
    const n = Number(text('maxArray').trim());
    if (!Number.isInteger(n) || n <= 0) return { error: 'max-array must be a whole number above 0' };
    spec['max-array'] = n;
  }
  return { spec };
}

// formFromSpec is the form's fields for a spec (GET's "decoder"; null for
// none): every field given, blank where the spec has nothing.
export function formFromSpec(spec) {
  const f = { name: '', pattern: '', header: 'auto', separator: '', columns: '', assign: '', maxArray: '', frame: '' };
  if (!spec || typeof spec !== 'object' || !spec.name) return f;
  f.name = Object.hasOwn(OPTIONS, spec.name) ? spec.name : '';
  if (spec.name === 'frame') {
    const { name: _, ...rest } = spec;
    f.frame = JSON.stringify(rest, null, 2);
    return f;
  }
  if (typeof spec.pattern === 'string') f.pattern = spec.pattern;
  if (spec.header !== undefined && spec.header !== '') f.header = String(spec.header);
  if (typeof spec.separator === 'string') f.separator = showTab(spec.separator);
  if (Array.isArray(spec.columns)) f.columns = spec.columns.join(', ');
  if (typeof spec.assign === 'string') f.assign = spec.assign;
  if (spec['max-array']) f.maxArray = String(spec['max-array']);
  return f;
}

const plural = (n, one, many) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

// describeDecoder is the port object's decoder and counts in words:
// {name, text, errors, grew}; grew says the errors rose above prevErrors
// (the count last shown; null: none shown yet, or another decoder's).
export function describeDecoder(port, prevErrors = null) {
  const name = (port && typeof port.decoder === 'string' && port.decoder) || '';
  if (!name) return { name: '', text: 'No decoder: the port\'s bytes are not decoded into values.', errors: 0, grew: false };
  const num = (k) => (port && Number.isFinite(port[k]) ? port[k] : 0);
  const records = num('decodedRecords');
  const errors = num('decodeErrors');
  const dropped = num('decodeDropped');
  const text = `${name}: ${plural(records, 'record', 'records')}, ${plural(errors, 'error', 'errors')}, ${plural(dropped, 'byte', 'bytes')} dropped`;
  return { name, text, records, errors, dropped, grew: prevErrors !== null && errors > prevErrors };
}
