import { test } from 'node:test';
import assert from 'node:assert/strict';
import { triggerNoticeText } from './triggernotice.js';

test('a trigger notice names the port, the text and the trigger', () => {
  const s = triggerNoticeText('dut', { type: 'notice', trigger: 'panic', text: 'the board panicked', time: '2025-11-30T10:53:20.123456Z' });
  assert.match(s, /^dut: the board panicked \[trigger panic\] \(.+\)$/);
  assert.equal(triggerNoticeText('dut', { trigger: 't1', text: 'x', time: 'nonsense' }), 'dut: x [trigger t1]');
});
