// The batch path from JS: columns in wasm memory, the SIMD128 kernels, and the same figures as
// the single-state calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPackage } from './support.mjs';

const { createEngine, LlamawoolError } = await importPackage();
const T0 = 1700000000000;
const HOUR = 3600000;
const engine = await createEngine();

// 21 farms (not a multiple of the 2 lanes) with different clicks and barns.
function farms() {
  return Array.from({ length: 21 }, (_, i) => {
    const s = engine.newState(`p-${i}`, T0 + i * 1000);
    for (let k = 0; k < 5; ++k) s.apply({ t: T0 + i * 1000 + 1000 * (k + 1), type: 'shear', count: 20 });
    if (i % 2) s.apply({ t: T0 + i * 1000 + 6000, type: 'buy_building', building: 'barn', quantity: 1 });
    return s;
  });
}

test('the module runs the batch kernels on wasm SIMD128 (the sse2 kernels) and the scalar fallback', () => {
  assert.deepEqual(engine.batchArchs, ['scalar', 'sse2']);
});

test('a batch advance gives every player what the single-state engine gives', () => {
  const players = farms();
  const batch = engine.createBatch(players.length);
  players.forEach((s, i) => batch.load(i, s));
  const back = T0 + 30 * HOUR;
  const report = batch.advanceTo(back);
  const woolValue = batch.currentWoolValues(back);
  const valueRate = batch.valueRates(back);
  players.forEach((s, i) => {
    const preview = s.previewResume(back);  // the single-state advance (plus achievements, checked below)
    assert.equal(report.creditedMs[i], preview.creditedMs);
    assert.equal(report.forfeitedMs[i], preview.forfeitedMs);
    assert.ok(preview.forfeitedMs > 0);  // 30 h away: beyond the 24 h cap
    assert.equal(report.valueGained[i], Number(preview.valueGained));
    batch.store(i, s);
    assert.equal(s.lastUpdateMs, back);
    const scores = s.scores(back);
    assert.equal(woolValue[i], Number(scores.currentWoolValue));
    assert.equal(valueRate[i], Number(scores.valuePerSecond));
  });
  assert.deepEqual(Array.from(batch.pendingSoulShears(back)), new Array(players.length).fill(0));
  batch.dispose();
  players.forEach((s) => s.dispose());
});

test('columns are live Float64Array views, and bad calls change nothing', () => {
  const players = farms();
  const batch = engine.createBatch(players.length);
  players.forEach((s, i) => batch.load(i, s));
  assert.equal(batch.column('lastUpdateMs')[3], players[3].lastUpdateMs);
  assert.equal(batch.column('buildingLevels0')[1], 1);
  const before = Float64Array.from(batch.column('wool0'));
  assert.throws(() => batch.advanceTo(T0 - 1), (e) => e instanceof LlamawoolError && e.code === 'invalid_argument' && /toMs\[0\]/.test(e.message));
  assert.throws(() => batch.advanceTo(T0 + HOUR, { arch: 'avx512f' }), (e) => e.code === 'invalid_argument' && /not available/.test(e.message));
  assert.throws(() => batch.advanceTo(T0 + HOUR, { arch: 'neon64' }), (e) => e.code === 'invalid_argument' && /not available/.test(e.message));
  assert.throws(() => batch.advanceTo(T0 + HOUR, { arch: 'neon' }), (e) => e.code === 'invalid_argument');
  assert.throws(() => batch.column('nope'), (e) => e.code === 'invalid_argument');
  assert.deepEqual(batch.column('wool0'), before);
  batch.column('lastUpdateMs')[0] = 0.5;  // a row that no save could hold
  assert.throws(() => batch.store(0, players[0]), (e) => e.code === 'invalid_argument' && /row 0/.test(e.message));
  batch.dispose();
  assert.throws(() => batch.column('wool0'), (e) => e.code === 'disposed');
  players.forEach((s) => s.dispose());
});

// What the JS fuzz (fuzz.test.mjs) found in the batch path, each refused now.
test('row indexes, times and arch names that the wasm call would convert are invalid_argument, and change nothing', () => {
  const players = farms().slice(0, 3);
  const batch = engine.createBatch(players.length);
  players.forEach((s, i) => batch.load(i, s));
  const columns = () => JSON.stringify(['wool0', 'lastUpdateMs', 'runValue'].map((name) => Array.from(batch.column(name))));
  const before = columns();
  const saves = players.map((s) => s.save());
  const other = engine.newState('p-other', T0);
  for (const i of ['1', 1.5, -1, 3, 2 ** 32, NaN, null, {}, 1n]) {  // '1' and 2 ** 32 were row 1 and row 0
    assert.throws(() => batch.load(i, other), (e) => e instanceof LlamawoolError && e.code === 'invalid_argument' && e.message.startsWith('i: must be a row index in [0, 3), got '));
    assert.throws(() => batch.store(i, players[0]), (e) => e.code === 'invalid_argument');
  }
  for (const t of [1.5, 'soon', 2n ** 64n, undefined]) {  // a RangeError, a SyntaxError, a wrapped time, a TypeError before
    assert.throws(() => batch.advanceTo(t), (e) => e instanceof LlamawoolError && e.code === 'invalid_argument' && /^toMs: /.test(e.message));
    assert.throws(() => batch.valueRates(t), (e) => e instanceof LlamawoolError && e.code === 'invalid_argument');
  }
  for (const arch of ['toString', '__proto__', 'constructor', 1]) {  // inherited names passed as arch code 0 ("automatic")
    assert.throws(() => batch.advanceTo(T0 + HOUR, { arch }), (e) => e.code === 'invalid_argument' && /^arch: must be one of /.test(e.message));
  }
  assert.throws(() => batch.advanceTo(T0 + HOUR, null), (e) => e.code === 'invalid_argument');
  assert.equal(columns(), before);
  // More click tokens than the burst: the stored state's save would not load back (lw_batch_store_player checks it now).
  batch.column('clickTokensMilli')[1] = 2 ** 31;
  assert.throws(() => batch.store(1, players[1]), (e) => e.code === 'invalid_argument' && /click/.test(e.message));
  batch.column('clickTokensMilli')[1] = 20000;
  batch.store(1, players[1]);
  assert.equal(engine.loadState(players[1].save()).save(), players[1].save());
  saves[1] = players[1].save();
  assert.deepEqual(players.map((s) => s.save()), saves);
  batch.dispose();
  [...players, other].forEach((s) => s.dispose());
});

test('a batch too large for wasm memory is out_of_memory, and memory is intact after it', () => {
  // 2^29 players: the column block's size wrapped to 0 in the 32-bit malloc call, and zeroing
  // "all of it" then wiped the heap. 6e6 players (53 columns of doubles) need more than the 2 GiB of wasm memory.
  for (const count of [2 ** 29, 6e6, 2 ** 53 - 1]) {
    assert.throws(() => engine.createBatch(count), (e) => e instanceof LlamawoolError && e.code === 'out_of_memory');
  }
  const state = engine.newState('p-after', T0);
  state.apply({ t: T0 + 1000, type: 'shear', count: 20 });
  assert.equal(engine.loadState(state.save()).save(), state.save());
  state.dispose();
});
