// GameState.view(): the UI query through the package. Its prices are what the purchases pay, its
// offline report is previewResume's, it changes nothing, and bad times are refused naming atMs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPackage, sourceDir } from './support.mjs';

const { createEngine, LlamawoolError } = await importPackage();
const engine = await createEngine();
const midgameSave = readFileSync(join(sourceDir, 'tests/data/saves/valid-midgame.json'), 'utf8');
const T = 1700034500000;  // the midgame save's lastUpdateMs

function refusal(fn) {
  try { fn(); } catch (error) { return error; }
  assert.fail('expected a LlamawoolError');
}

// What an action does to a copy of the state (the state itself stays as it is).
function onCopy(state, action) {
  const copy = state.copy();
  try { return copy.apply(action); } finally { copy.dispose(); }
}

test('view() changes nothing: the save and the hash are the same bytes after', () => {
  const state = engine.loadState(midgameSave);
  const save = state.save();
  const hash = state.hash;
  state.view();
  state.view(T + 8 * 3600000);
  assert.equal(state.save(), save);
  assert.equal(state.hash, hash);
  state.dispose();
});

test('view() defaults to lastUpdateMs; sinceLastUpdate is previewResume', () => {
  const state = engine.loadState(midgameSave);
  const view = state.view();
  assert.equal(view.atMs, T);
  assert.equal(view.sinceLastUpdate.creditedMs, 0);
  const later = state.view(BigInt(T + 600000));
  assert.deepEqual(later.sinceLastUpdate, state.previewResume(T + 600000));
  assert.equal(later.sinceLastUpdate.mode, 'offline');
  state.dispose();
});

test('the x1, x10 and max prices are what the purchases pay', () => {
  const state = engine.loadState(midgameSave);
  const t = T + 1000;
  const view = state.view(t);
  assert.deepEqual(view.buildings.map((b) => b.id),
    ['barn', 'shears', 'transport', 'factory', 'lab', 'portal', 'timeMachine', 'dimensionGate']);
  let bought = 0;
  for (const b of view.buildings) {
    if (!b.unlocked) {
      assert.equal(refusal(() => onCopy(state, { t, type: 'buy_building', building: b.id, quantity: 1 })).message,
                   `building: "${b.id}" needs ${b.requirement}`);
      assert.deepEqual(b.max, { count: 0, price: null });
      continue;
    }
    assert.equal(b.requirement, null);
    for (const [quantity, price] of [[1, b.next1], [10, b.next10]]) {
      if (price.affordable) {
        assert.equal(onCopy(state, { t, type: 'buy_building', building: b.id, quantity }).valuePaid, price.price);
      } else {
        assert.equal(refusal(() => onCopy(state, { t, type: 'buy_building', building: b.id, quantity })).code,
                     'insufficient_funds');
      }
    }
    if (b.max.count > 0) {
      const report = onCopy(state, { t, type: 'buy_building', building: b.id, quantity: 'max' });
      assert.equal(report.levelsBought, b.max.count);
      assert.equal(report.valuePaid, b.max.price);
      ++bought;
    } else {
      assert.equal(b.max.price, null);
    }
  }
  assert.ok(bought >= 2, 'the midgame farm can afford a few buildings');
  state.dispose();
});

test('upgrades, prestige, achievements and clicks as the engine has them', () => {
  const state = engine.loadState(midgameSave);
  const view = state.view();
  const owned = JSON.parse(midgameSave).upgrades;
  assert.deepEqual(view.upgrades.filter((u) => u.owned).map((u) => u.id), owned);
  const genetic = view.upgrades.find((u) => u.id === 'genetic_enhancement');
  assert.deepEqual(genetic, { id: 'genetic_enhancement', cost: '1000000000', owned: false, unlocked: false,
                              requirement: 'totalPrestiges >= 10 (have 1)', affordable: false });
  assert.deepEqual(view.prestige, { soulShears: '1', totalPrestiges: 1, pendingSoulShears: '0', ready: false,
                                    thresholdExponent: 8, threshold: '100000000' });
  assert.equal(refusal(() => onCopy(state, { t: T, type: 'prestige' })).code, 'prestige_not_ready');
  assert.deepEqual(view.achievements.filter((a) => a.unlocked).map((a) => a.id), JSON.parse(midgameSave).achievements);
  assert.equal(view.clicks.tokensMilli, 13480);
  assert.equal(view.clicks.available, 13);
  assert.equal(refusal(() => onCopy(state, { t: T, type: 'shear', count: view.clicks.available + 1 })).code, 'rate_limited');
  assert.equal(onCopy(state, { t: T, type: 'shear', count: view.clicks.available }).status, 'ok');
  assert.deepEqual(view.activeEvents, []);
  assert.equal(view.offline.ifAway.creditedMs, 8 * 3600000);
  state.dispose();
});

test('amounts are decimal strings and counts are numbers, as in every report', () => {
  const state = engine.loadState(midgameSave);
  const view = state.view(T + 1000);
  const decimal = /^-?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?$/;
  for (const w of view.wool) for (const k of ['amount', 'value', 'ratePerSecond', 'unlockValue']) assert.match(w[k], decimal);
  for (const k of Object.keys(view.multipliers)) assert.match(view.multipliers[k], decimal);
  for (const b of view.buildings) {
    assert.equal(typeof b.level, 'number');
    assert.match(b.next1.price, decimal);
    assert.equal(typeof b.max.count, 'number');
  }
  assert.match(view.spendableValue, decimal);
  assert.equal(typeof view.offline.capMs, 'number');
  state.dispose();
});

test('a bad time is refused naming it, and the state stays as it was', () => {
  const state = engine.loadState(midgameSave);
  const save = state.save();
  const early = refusal(() => state.view(T - 1));
  assert.ok(early instanceof LlamawoolError);
  assert.equal(early.code, 'time_regression');
  assert.equal(early.message, `atMs: ${T - 1} is before the state's lastUpdateMs ${T}`);
  assert.equal(refusal(() => state.view(-1)).code, 'invalid_argument');
  assert.equal(refusal(() => state.view(1.5)).code, 'invalid_argument');
  assert.equal(refusal(() => state.view('1700034500000')).code, 'invalid_argument');
  assert.equal(state.save(), save);
  state.dispose();
  assert.equal(refusal(() => state.view()).code, 'disposed');
});
