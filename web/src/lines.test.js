// Unit tests of the Lines view's pure parts: the filter, its count and
// stepping, and how control characters are shown (node --test web/src/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter, countText, stepIndex } from './views/lines.js';
import { CONTROL_NAMES, controlName, controlPicture, displayParts, displayText } from './bytes.js';

test('filter: text, case, regex', () => {
  assert.equal(compileFilter('', true, false).match, null);
  const plain = compileFilter('Err', false, false).match;
  assert.ok(plain('an error') && plain('ERR') && !plain('fine'));
  const cased = compileFilter('Err', false, true).match;
  assert.ok(cased('Err 1') && !cased('err 1'));
  // Not a regex: special characters are plain text.
  const dots = compileFilter('a.b', false, false).match;
  assert.ok(dots('a.b') && !dots('axb'));
  const re = compileFilter('^e.r', true, false).match;
  assert.ok(re('Error') && !re('an error'));
  assert.ok(!compileFilter('^e.r', true, true).match('Error'));
});

test('filter: an invalid regex says why and filters nothing', () => {
  for (const [text, reason] of [['error(', /Unterminated group/], ['[a', /Unterminated character class/], ['a**', /Nothing to repeat/]]) {
    const f = compileFilter(text, true, false);
    assert.equal(f.match, null, text);
    assert.match(f.error, /^Invalid regular expression: /, text);
    assert.match(f.error, reason, text);
    assert.ok(!f.error.includes(`/${text}/`), `${f.error}: the pattern is in the box already`);
  }
  // The same text is fine as plain text.
  assert.equal(compileFilter('error(', false, false).error, '');
});

test('filter: count and steps', () => {
  assert.equal(countText('highlight', -1, 0, 10), 'No matches');
  assert.equal(countText('highlight', -1, 1, 10), '1 match');
  assert.equal(countText('highlight', -1, 3, 10), '3 matches');
  assert.equal(countText('highlight', 1, 3, 10), '2 of 3');
  assert.equal(countText('filter', -1, 3, 300), '3 of 300 lines');
  assert.equal(countText('filter', 2, 1, 1), '1 of 1 line');

  assert.equal(stepIndex(-1, 0, 1), -1);
  assert.equal(stepIndex(-1, 3, 1), 0);   // Enter first: the oldest match
  assert.equal(stepIndex(-1, 3, -1), 2);  // Shift+Enter first: the newest
  assert.equal(stepIndex(0, 3, 1), 1);
  assert.equal(stepIndex(2, 3, 1), 0);    // wraps around
  assert.equal(stepIndex(0, 3, -1), 2);
  assert.equal(stepIndex(5, 3, 1), 0);    // a current match out of range starts again
});

test('control characters: names, pictures, pieces', () => {
  assert.equal(CONTROL_NAMES.length, 32);
  assert.deepEqual([0x00, 0x02, 0x03, 0x06, 0x15, 0x1b, 0x7f].map(controlName), ['NUL', 'STX', 'ETX', 'ACK', 'NAK', 'ESC', 'DEL']);
  assert.deepEqual([0x00, 0x1b, 0x1f, 0x7f].map(controlPicture), ['␀', '␛', '␟', '␡']);
  // Text without control characters is one piece, the same string.
  const s = 'température 22°C\tok';
  assert.equal(displayParts(s)[0], s);
  assert.equal(displayParts(s).length, 1);
  assert.deepEqual(displayParts(''), ['']);
  // Control characters between text; \r dropped; \t kept.
  assert.deepEqual(displayParts('\x1b[1mA\x00\x02b\r\t\x7f'), [0x1b, '[1mA', 0x00, 0x02, 'b', '\t', 0x7f]);
  // The pieces say what displayText says.
  const raw = 'a\x1b[32mb\x00c\rd\x7f';
  const joined = displayParts(raw).map((p) => (typeof p === 'number' ? controlPicture(p) : p)).join('');
  assert.equal(joined, displayText(raw));
});
