// Numbers and durations for people (src/format.js): suffixes, rounding that carries into the next
// suffix, the whole binary64 range, and refusals of what is not a number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAmount, formatDuration, formatMultiplier, formatPercent, formatRate, requirementText, suffix } from '../src/format.js';

test('amounts: three significant digits and a short-scale suffix from 1000 on', () => {
  const cases = [
    [0, '0'], ['0', '0'], [0.1, '0.1'], ['0.10200000000000001', '0.1'], [1.02, '1.02'], [12.5, '12.5'], [999.99, '999.99'],
    [0.004, '< 0.01'], [999.996, '1.00 K'], [1000, '1.00 K'], [1234, '1.23 K'], [12345, '12.3 K'], [99999, '100 K'],
    [999499, '999 K'], [999999, '1.00 M'], [1.5e6, '1.50 M'], [1e9, '1.00 B'], [4.2e12, '4.20 T'],
    [1.23e15, '1.23 Qa'], ['1.23e15', '1.23 Qa'], ['1230000000000000', '1.23 Qa'], [1e18, '1.00 Qi'], [1e21, '1.00 Sx'],
    [1e24, '1.00 Sp'], [1e27, '1.00 Oc'], [1e30, '1.00 No'], [1e33, '1.00 Dc'], [1e36, '1.00 UDc'], [2.5e39, '2.50 DDc'],
    [1e63, '1.00 Vg'], [1e66, '1.00 UVg'], [1e93, '1.00 Tg'], [1e303, '1.00 Ce'], [1.7976931348623157e308, '180 UCe'],
    [-1234, '-1.23 K'], [Infinity, '∞'],
  ];
  for (const [input, expected] of cases) assert.equal(formatAmount(input), expected, `formatAmount(${input})`);
  // Never the exponent notation of Number#toString, at any power of ten.
  for (let e = -3; e <= 308; e++) assert.doesNotMatch(formatAmount(`1e${e}`), /e[+-]?[0-9]/, `1e${e}`);
});

test('suffixes: K..No, then the Latin compounds, one for every power of 1000 up to 10^306', () => {
  const seen = new Set();
  for (let g = 1; g <= 102; g++) {
    const s = suffix(g);
    assert.match(s, /^[A-Za-z]+$/, `group ${g}`);
    assert.ok(!seen.has(s), `suffix ${s} of group ${g} is not used twice`);
    seen.add(s);
  }
  assert.deepEqual([1, 2, 3, 4, 5, 11, 12, 21, 101].map(suffix), ['K', 'M', 'B', 'T', 'Qa', 'Dc', 'UDc', 'Vg', 'Ce']);
});

test('rates, multipliers, percentages and durations', () => {
  assert.equal(formatRate('21.06'), '+21.06/s');
  assert.equal(formatRate('0'), '0/s');
  assert.equal(formatRate(1.5e15), '+1.50 Qa/s');
  assert.equal(formatMultiplier('1.08'), '×1.08');
  assert.equal(formatMultiplier('1.0800000000000001'), '×1.08');
  assert.equal(formatMultiplier(2.5e6), '×2.50 M');
  assert.equal(formatPercent('0.8200000000000001'), '82%');
  assert.equal(formatPercent(0.755), '75.5%');
  assert.equal(formatDuration(950), '950 ms');
  assert.equal(formatDuration(12_000), '12 s');
  assert.equal(formatDuration(192_000), '3 min 12 s');
  assert.equal(formatDuration(28_800_000), '8 h 0 min');
  assert.equal(formatDuration(183_600_000), '2 d 3 h');
});

test('requirements as the engine words them, with their numbers for people', () => {
  assert.equal(requirementText('golden wool >= 10000 (have 1157.9041642384034)'), 'golden wool ≥ 10.0 K (have 1.16 K)');
  assert.equal(requirementText('rainbow wool >= 1000 (have 1.5e+21)'), 'rainbow wool ≥ 1.00 K (have 1.50 Sx)');
  assert.equal(requirementText('barn >= 5 (have 1)'), 'barn ≥ 5 (have 1)');
  assert.equal(requirementText('upgrade auto_clicker'), 'upgrade auto_clicker');
});

test('what is not a number is refused, naming it', () => {
  assert.throws(() => formatAmount('abc'), { name: 'TypeError', message: 'amount: not a number: "abc"' });
  assert.throws(() => formatAmount(null), { name: 'TypeError', message: 'amount: must be a number or a decimal string, got object' });
  assert.throws(() => formatRate({}), { name: 'TypeError', message: 'rate: must be a number or a decimal string, got object' });
  assert.throws(() => formatDuration(-1), { name: 'RangeError', message: 'duration: must be a finite number >= 0, got -1' });
  assert.throws(() => formatDuration(Infinity), RangeError);
});
