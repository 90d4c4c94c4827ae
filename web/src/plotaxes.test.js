// Unit tests of the plot's x by sample, units and axes (plotmodel.js):
// node --test web/src/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PlotModel, plotPrefs, prefsJSON, setSeriesPref, cleanUnit, seriesLabel, sharedUnit, sampleRange, sampleAt, SAMPLE_INCRS, MAX_REMEMBERED,
} from './plotmodel.js';

test('plot: each plotted line is a sample, counted since clear', () => {
  const m = new PlotModel(4, 1000);
  m.add('a:1', 1000);
  m.add('no numbers here', 1100); // not plotted: not a sample
  m.add('a:2', 1200);
  m.brk(); // a gap: a break row between samples 2 and 3
  m.add('a:3', 1300);
  assert.deepEqual(m.ns, [1, 2, 2.5, 3]);
  assert.equal(m.ns.length, m.xs.length);
  m.drop('a');
  m.add('a:4', 1400); // a dropped series' line plots nothing
  assert.equal(m.samples, 3);
  m.clear();
  m.add('b:1', 1500);
  assert.deepEqual(m.ns, [1]);
});

test('plot: sample numbers go with their rows when the oldest are trimmed', () => {
  const m = new PlotModel(2, 8);
  for (let i = 0; i < 30; i++) m.add(`a:${i}`, 1000 + i);
  assert.equal(m.ns.length, m.xs.length);
  assert.equal(m.ns[m.ns.length - 1], 30);
  assert.equal(m.ns[0], 30 - m.ns.length + 1);
});

test('plot: the x range by sample', () => {
  assert.deepEqual(sampleRange(1, 5, 100), [1, 100]);      // fewer than the window: grows from the left
  assert.deepEqual(sampleRange(1, 150, 100), [51, 150]);   // the last 100
  assert.deepEqual(sampleRange(1, 150, 0), [1, 150]);      // all
  assert.deepEqual(sampleRange(41, 150, 0), [41, 150]);    // all kept
  assert.deepEqual(sampleRange(1, 1, 0), [1, 2]);          // never an empty range
  assert.deepEqual(sampleRange(0, 0, 0), [1, 100]);        // nothing yet
  assert.equal(sampleAt([], [], 5), null);
  assert.equal(sampleAt([10, 11, 12], [1, 2, 3], 11.5), 2.5); // a line change between lines 2 and 3
  assert.equal(sampleAt([10, 11, 12], [1, 2, 3], 9), 0.5);
  assert.equal(sampleAt([10, 11, 12], [1, 2, 3], 13), 3.5);
  assert.ok(SAMPLE_INCRS.every((v) => Number.isInteger(v) && v > 0));
});

test('plot: remembered units and axes', () => {
  const def = plotPrefs(null);
  assert.equal(def.x, 'time');
  assert.equal(def.series.size, 0);
  const p = plotPrefs({
    x: 'sample',
    series: { temp: { unit: ' °C ', axis: 'left' }, pressure: { unit: 'hPa', axis: 'right' }, plain: { unit: '', axis: 'left' }, bad: 7, odd: { axis: 'up' } },
  });
  assert.equal(p.x, 'sample');
  assert.deepEqual([...p.series], [['temp', { unit: '°C', axis: 'left' }], ['pressure', { unit: 'hPa', axis: 'right' }]]);
  assert.equal(plotPrefs({ x: 'nonsense', series: [] }).x, 'time');

  // A JSON round trip keeps them, names such as __proto__ included.
  setSeriesPref(p, '__proto__', { unit: 'V' });
  const back = plotPrefs(JSON.parse(JSON.stringify(prefsJSON(p))));
  assert.deepEqual([...back.series], [...p.series]);
  assert.equal(back.series.get('__proto__').unit, 'V');

  // Back to the defaults: forgotten.
  setSeriesPref(p, 'pressure', { axis: 'left', unit: '' });
  assert.ok(!p.series.has('pressure'));
  setSeriesPref(p, 'temp', { axis: 'right' });
  assert.deepEqual(p.series.get('temp'), { unit: '°C', axis: 'right' });

  // Bounded: the latest set are kept.
  const many = plotPrefs(null);
  for (let i = 0; i < MAX_REMEMBERED + 10; i++) setSeriesPref(many, `s${i}`, { unit: 'V' });
  const kept = Object.keys(prefsJSON(many).series);
  assert.equal(kept.length, MAX_REMEMBERED);
  assert.equal(kept[kept.length - 1], `s${MAX_REMEMBERED + 9}`);
});

test('plot: units as shown', () => {
  assert.equal(cleanUnit('  m/s²\u0007 '), 'm/s²');
  assert.equal([...cleanUnit('x'.repeat(40))].length, 16);
  assert.equal(seriesLabel('temp', '°C'), 'temp (°C)');
  assert.equal(seriesLabel('temp', ''), 'temp');
  assert.equal(sharedUnit(['hPa', 'hPa']), 'hPa');
  assert.equal(sharedUnit(['hPa', 'Pa']), '');
  assert.equal(sharedUnit(['hPa', '']), '');
  assert.equal(sharedUnit([]), '');
});
