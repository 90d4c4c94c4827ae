// The seed's page on serialhub's SDK (docs/pages.md): the lines the device
// sends, a box that sends a line, and Clear.
import { connect } from '/sdk/serialhub.js';

const log = document.getElementById('log');
const state = document.getElementById('state');
const input = document.getElementById('text');

// The port: ?port=NAME, or the first one the server lists.
const name = new URLSearchParams(location.search).get('port') ||
  (await (await fetch('/api/ports')).json())[0]?.name;
const port = connect(name, { lines: true, timestamps: true });

// show adds a row to the log: the time, then the text (never as HTML).
function show(text, time, kind) {
  const row = document.createElement('div');
  const stamp = document.createElement('time');
  stamp.textContent = new Date(time).toLocaleTimeString('en-GB', { timeStyle: 'medium' }) +
    '.' + String(Math.floor(time % 1000)).padStart(3, '0');
  row.className = kind;
  row.append(stamp, text);
  log.append(row);
  if (log.childElementCount > 5000) log.firstElementChild.remove();
  row.scrollIntoView({ block: 'end' });
}

port.on('line', (text, time) => show(text, time, 'rx'));
port.on('dropped', (d) => show(`[${d.bytes ?? 'some'} bytes missed: ${d.reason}]`, Date.now(), 'gap'));
port.on('error', (err) => show(`[${err.message}]`, Date.now(), 'gap'));
port.on('state', (s) => { state.textContent = `${name}: ${s}`; });

document.getElementById('send').addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (port.send(input.value + '\n')) {
    show(input.value, Date.now(), 'tx');
    input.value = '';
  }
});
document.getElementById('clear').addEventListener('click', () => log.replaceChildren());
