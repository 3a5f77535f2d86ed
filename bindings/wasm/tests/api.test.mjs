// The JS API of the package in Node: states and their lifetime, actions and refusals, saves,
// resume, sync, scores, rulesets, and the errors a host sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importPackage, sourceDir } from './support.mjs';

const lw = await importPackage();
const { createEngine, LlamawoolError } = lw;
const T0 = 1700000000000;
const engine = await createEngine();

function refusal(fn) {
  try { fn(); } catch (error) { return error; }
  assert.fail('expected a LlamawoolError');
}

test('an engine has the default ruleset and makes new games', () => {
  assert.equal(engine.rulesetId, 'llama-wool-farm/1');
  const state = engine.newState('p-123', T0);
  assert.equal(state.playerId, 'p-123');
  assert.equal(state.lastUpdateMs, T0);
  assert.match(state.hash, /^[0-9a-f]{16}$/);
  assert.equal(JSON.parse(state.save()).stateHash, state.hash);
  state.dispose();
});

test('apply returns the report and advances the state; times may be numbers or bigints', () => {
  const state = engine.newState('p-123', T0);
  const report = state.apply({ t: T0 + 1000, type: 'shear', count: 20 });
  assert.equal(report.status, 'ok');
  assert.equal(report.woolSheared, '20');
  assert.deepEqual(report.achievementsUnlocked, ['first_wool']);
  assert.equal(state.apply('{"t":1700000002000,"type":"tick"}').status, 'ok');
  assert.equal(state.lastUpdateMs, T0 + 2000);
  state.resume(BigInt(T0 + 3000));
  assert.equal(state.lastUpdateMs, T0 + 3000);
  state.dispose();
});

test('a refused action throws LlamawoolError with the code and a message naming the field, and changes nothing', () => {
  const state = engine.newState('p-123', T0);
  const before = state.save();
  const locked = refusal(() => state.apply({ t: T0 + 1000, type: 'buy_building', building: 'shears', quantity: 1 }));
  assert.ok(locked instanceof LlamawoolError);
  assert.equal(locked.code, 'building_locked');
  assert.equal(locked.codeNumber, 9);
  assert.equal(locked.message, 'building: "shears" needs barn >= 5 (have 0)');
  const future = refusal(() => state.apply({ t: T0 + 60000, type: 'tick' }, { now: T0 }));
  assert.equal(future.code, 'time_in_future');
  assert.match(future.message, /^t: /);
  assert.equal(refusal(() => state.apply('{"t": 1, ')).code, 'malformed');
  assert.equal(refusal(() => state.apply({ t: T0 + 1000, type: 'dance' })).code, 'unknown_action');
  assert.equal(state.save(), before);
  state.dispose();
});

test('arguments that are not integer milliseconds or JSON are invalid_argument', () => {
  const state = engine.newState('p-123', T0);
  const error = refusal(() => state.previewResume(1.5));
  assert.equal(error.code, 'invalid_argument');
  assert.equal(error.message, 't: must be an integer number of milliseconds, got 1.5');
  assert.equal(refusal(() => state.apply(42)).code, 'invalid_argument');
  assert.equal(refusal(() => engine.newState('bad id!', T0)).code, 'invalid_argument');
  state.dispose();
});

// What the JS fuzz (fuzz.test.mjs) found, each refused now instead of being converted or crashing.
test('values the C ABI would silently convert are refused: BigInts beyond int64, text with a NUL, non-string ids', () => {
  const state = engine.newState('p-123', T0);
  const before = state.save();
  const wrapped = refusal(() => state.previewResume(2n ** 64n + BigInt(T0)));  // was wrapped to T0 by the int64 parameter
  assert.equal(wrapped.code, 'invalid_argument');
  assert.equal(wrapped.message, `t: must be an integer number of milliseconds within int64, got ${2n ** 64n + BigInt(T0)}n`);
  assert.equal(refusal(() => state.apply({ t: T0 + 1, type: 'tick' }, { now: -(2n ** 63n) - 1n })).code, 'invalid_argument');
  // The C string ended at the NUL: the engine read a valid action, or a valid player id.
  const nul = refusal(() => state.apply(`{"t":${T0 + 1000},"type":"shear","count":20}\0junk`));
  assert.equal(nul.code, 'invalid_argument');
  assert.equal(nul.message, 'action: must not contain a NUL character (U+0000), found at index 45');
  assert.equal(refusal(() => engine.newState('p-1\0 evil', T0)).code, 'invalid_argument');
  assert.equal(refusal(() => engine.newState(123, T0)).message, 'playerId: must be a string, got 123');
  assert.equal(state.save(), before);
  state.dispose();
});

test('objects JSON.stringify refuses, and options that are not objects, are invalid_argument (the cause kept)', () => {
  const state = engine.newState('p-123', T0);
  const before = state.save();
  const cyclic = { t: T0 + 1000, type: 'tick' };
  cyclic.self = cyclic;
  for (const action of [cyclic, { t: BigInt(T0 + 1000), type: 'tick' }, { toJSON() { throw new RangeError('no'); } }]) {
    const error = refusal(() => state.apply(action));
    assert.equal(error.code, 'invalid_argument');
    assert.match(error.message, /^action: JSON\.stringify threw /);
    assert.ok(error.cause instanceof Error);
  }
  assert.equal(refusal(() => state.apply({ toJSON() { return undefined; } })).code, 'invalid_argument');
  assert.equal(refusal(() => state.apply({ t: T0 + 1000, type: 'tick' }, null)).message, 'options: must be an object of options, got null');
  assert.equal(refusal(() => state.resume(T0 + 1000, 5)).code, 'invalid_argument');
  assert.equal(refusal(() => state.sync({ baseHash: state.hash, actions: [], claimedHash: state.hash }, '1700000000000')).code, 'invalid_argument');
  assert.equal(refusal(() => state.scores(Symbol('t'))).message, 'at: must be an integer number of milliseconds, got Symbol(t)');
  assert.equal(state.save(), before);
  state.dispose();
});

test('a message quoting a NUL of the input is whole (the C ABI writes it as \\u0000); a ruleset id with a NUL is refused', async () => {
  const state = engine.newState('p-123', T0);
  const error = refusal(() => state.apply(String.raw`{"t":1700000001000,"type":"buy_building","building":"ba\u0000rn","quantity":1}`));
  assert.equal(error.code, 'unknown_building');
  assert.equal(error.message, String.raw`building: unknown building "ba\u0000rn" (did you mean "barn"?)`);
  assert.equal(refusal(() => engine.loadState('{"\\u0000x": 1}')).message, String.raw`\u0000x: unknown field`);
  state.dispose();
  const rules = JSON.parse(readFileSync(join(sourceDir, 'engine/rulesets/llama-wool-farm-1.json'), 'utf8'));
  const nulId = await createEngine({ rulesetJson: { ...rules, id: 'llama\0farm' } }).then(() => null, (e) => e);
  assert.equal(nulId.code, 'invalid_ruleset');
  assert.equal(nulId.message, 'id: must not contain a NUL character (U+0000)');
});

test('Engine, GameState and PlayerBatch cannot be constructed directly; LlamawoolError can, with anything', () => {
  for (const [cls, args] of [[lw.Engine, [{}, 8]], [lw.GameState, [{}, 8]], [lw.PlayerBatch, [{}, () => 8, () => 8, 1]]]) {
    const error = refusal(() => new cls(...args));
    assert.equal(error.code, 'invalid_argument');
    assert.match(error.message, new RegExp(`^${cls.name}: is not constructed directly; use `));
  }
  assert.equal(new LlamawoolError('x', Symbol('m')).message, 'Symbol(m)');
  assert.equal(new LlamawoolError('x', Object.create(null)).message, '[object Object]');
  assert.equal(new LlamawoolError('x', { toString() { throw new Error('no'); } }).message, '[object Object]');
  assert.equal(new LlamawoolError('building_locked', 'm', 9).codeNumber, 9);
});

test('saves load back byte for byte; a corrupt save is refused with the field and the value', () => {
  const text = readFileSync(join(sourceDir, 'tests/data/saves/valid-midgame.json'), 'utf8');
  const state = engine.loadState(text);
  assert.equal(state.save(), text);
  assert.equal(state.hash, 'f30eb5bbb5445053');
  state.dispose();
  const overflow = refusal(() => engine.loadState(readFileSync(join(sourceDir, 'tests/data/saves/overflow-amount.json'), 'utf8')));
  assert.equal(overflow.code, 'invalid_save');
  assert.equal(overflow.message, 'wool.basic: is out of range for a binary64 amount, got "1e400"');
  assert.equal(refusal(() => engine.loadState(readFileSync(join(sourceDir, 'tests/data/saves/wrong-hash.json'), 'utf8'))).code,
    'state_hash_mismatch');
});

test('previewResume commits nothing and equals what resume commits', () => {
  const state = engine.newState('p-123', T0);
  const before = state.save();
  const preview = state.previewResume(T0 + 8 * 3600000);
  assert.equal(state.save(), before);
  assert.equal(preview.mode, 'offline');
  assert.equal(preview.efficiency, '0.8');
  assert.deepEqual(state.resume(T0 + 8 * 3600000), preview);
  assert.equal(state.lastUpdateMs, T0 + 8 * 3600000);
  assert.equal(refusal(() => state.resume(T0)).code, 'time_regression');
  state.dispose();
});

test('sync accepts an honest batch and flags a forged hash; copies are independent', () => {
  const server = engine.newState('p-123', T0);
  const client = server.copy();
  const baseHash = client.hash;
  const actions = [1, 2, 3].map((s) => ({ t: T0 + s * 1000, type: 'shear', count: 20 }));
  for (const a of actions) client.apply(a);
  assert.notEqual(client.hash, server.hash);
  const forged = server.copy();
  const accepted = server.sync({ baseHash, actions, claimedHash: client.hash }, T0 + 3000);
  assert.equal(accepted.outcome, 'accepted');
  assert.equal(accepted.stateHash, client.hash);
  assert.equal(server.save(), client.save());
  const desync = forged.sync(JSON.stringify({ baseHash, actions, claimedHash: '0123456789abcdef' }), T0 + 3000);
  assert.equal(desync.outcome, 'desync');
  assert.equal(forged.hash, client.hash);
  assert.equal(refusal(() => forged.sync({ baseHash: 'nope', actions: [], claimedHash: baseHash }, T0)).code, 'invalid_request');
  for (const s of [server, client, forged]) s.dispose();
});

test('syncJson gives sync\'s response as the engine\'s text, and refuses what sync refuses', () => {
  const client = engine.newState('p-123', T0);
  const viaObject = client.copy();
  const viaText = client.copy();
  const baseHash = client.hash;
  const actions = [1, 2].map((s) => ({ t: T0 + s * 1000, type: 'shear', count: 20 }));
  for (const a of actions) client.apply(a);
  const request = { baseHash, actions, claimedHash: client.hash };
  const parsed = viaObject.sync(request, T0 + 3000);
  const text = viaText.syncJson(JSON.stringify(request), T0 + 3000);
  assert.match(text, /^\{\n  "outcome": "accepted",\n  "stateHash": "[0-9a-f]{16}",\n/);
  assert.deepEqual(JSON.parse(text), parsed);
  assert.equal(viaText.save(), client.save());
  const before = viaText.save();
  assert.equal(refusal(() => viaText.syncJson({ baseHash: 'nope', actions: [], claimedHash: baseHash }, T0)).code, 'invalid_request');
  assert.equal(refusal(() => viaText.syncJson(request, 'soon')).code, 'invalid_argument');
  assert.equal(viaText.save(), before);
  for (const s of [client, viaObject, viaText]) s.dispose();
});

test('scores are the leaderboard values', () => {
  const state = engine.newState('p-123', T0);
  state.apply({ t: T0 + 1000, type: 'shear', count: 20 });
  assert.deepEqual(state.scores(), {
    lifetimeValue: '2.1', currentWoolValue: '2.1', prestigeLevel: 0, soulShears: '0', valuePerSecond: '0.10200000000000001',
  });
  state.dispose();
});

test('strings come back whole, a leading U+FEFF included (a ruleset id)', async () => {
  const rules = JSON.parse(readFileSync(join(sourceDir, 'engine/rulesets/llama-wool-farm-1.json'), 'utf8'));
  rules.id = '\uFEFFbom/1';
  const custom = await createEngine({ rulesetJson: rules });
  assert.equal(custom.rulesetId, '\uFEFFbom/1');
  custom.dispose();
});

test('an engine from a ruleset document; a broken one is refused naming the path', async () => {
  const rules = JSON.parse(readFileSync(join(sourceDir, 'engine/rulesets/llama-wool-farm-1.json'), 'utf8'));
  rules.id = 'llama-wool-farm/1+test';
  const custom = await createEngine({ rulesetJson: rules });
  assert.equal(custom.rulesetId, 'llama-wool-farm/1+test');
  const state = custom.newState('p-1', T0);
  custom.dispose();  // states keep their ruleset
  assert.equal(state.apply({ t: T0 + 1000, type: 'tick' }).status, 'ok');
  assert.equal(refusal(() => engine.loadState(state.save())).code, 'ruleset_mismatch');
  state.dispose();
  rules.constants.clickBurst = -1;
  const broken = await createEngine({ rulesetJson: JSON.stringify(rules) }).then(() => null, (e) => e);
  assert.equal(broken.code, 'invalid_ruleset');
  assert.match(broken.message, /^constants\.clickBurst: /);
});

test('dispose frees once; a disposed state or engine throws "disposed"', async () => {
  const state = engine.newState('p-123', T0);
  state.dispose();
  state.dispose();
  assert.equal(refusal(() => state.save()).code, 'disposed');
  const other = await createEngine();
  other.dispose();
  assert.equal(refusal(() => other.newState('p-1', T0)).code, 'disposed');
});

// --- PWA saves and live-ops events (docs/pwa-import.md, docs/c-abi.md) ---------------------------
const pwaFile = (name) => readFileSync(join(sourceDir, 'tests/data/pwa', name), 'utf8');

test('importPwa: a GameSave and the SyncEngine\'s saves become states, with the format and the checksum', () => {
  const mid = engine.importPwa(pwaFile('mid-game.json'));
  assert.equal(mid.format, 'GameSave');
  assert.equal(mid.checksum, undefined);
  assert.deepEqual(mid.unmapped, [{ path: 'timestamp', value: 1732544125000, reason: 'ignored: lastSaveTime is the time of the save' }]);
  assert.equal(mid.carried.goldenFleece, '3');
  assert.equal(mid.state.playerId, '3f6c2a1e-8b4d-4c7a-9e2f-5a1b7d9c0e42');
  assert.equal(mid.state.lastUpdateMs, 1732544125000);
  assert.match(mid.reportJson, /^\{"format":"GameSave","unmapped":\[/);
  assert.match(mid.reportJson, /"settings":\{\n {4}"masterVolume": 0\.8,/);  // the exact bytes of the save

  const merged = engine.importPwa(JSON.parse(pwaFile('upstream-sync-merged.json')), { now: 1732601265000 });
  assert.equal(merged.format, 'VersionedGameState (sync-merged)');
  assert.deepEqual(merged.checksum, { status: 'verified', given: '2bca13ec', computed: '2bca13ec' });
  assert.equal(JSON.parse(merged.state.save()).buildings.barn, 7);

  const initial = engine.importPwa(pwaFile('upstream-sync-initial.json'));
  assert.equal(initial.format, 'VersionedGameState');
  assert.equal(initial.checksum.status, 'empty');
  assert.equal(initial.unmapped.filter((u) => u.reason.startsWith('missing;')).length, 18);
  const fresh = engine.newState('player_1732600000000_k2x9q7m1z', 1732600000000);
  assert.equal(initial.state.hash, fresh.hash);  // an empty SyncEngine state is a new farm

  assert.equal(engine.importPwa(pwaFile('upstream-sync-merged-edited.json')).checksum.status, 'mismatch');
  for (const s of [mid.state, merged.state, initial.state, fresh]) s.dispose();
});

test('importPwa refusals: the code and the field, nothing made', () => {
  const old = refusal(() => engine.importPwa(pwaFile('upstream-savedata.json')));
  assert.ok(old instanceof LlamawoolError);
  assert.equal(old.code, 'invalid_pwa_save');
  assert.match(old.message, /^gameData: this is the SaveData of the PWA's Phaser SaveSystem/);
  assert.equal(refusal(() => engine.importPwa('{')).code, 'invalid_json');
  const future = refusal(() => engine.importPwa(pwaFile('mid-game.json'), { now: 1732544125000 - 5001 }));
  assert.equal(future.code, 'invalid_pwa_save');
  assert.match(future.message, /^lastSaveTime: /);
  assert.equal(refusal(() => engine.importPwa(pwaFile('mid-game.json'), { now: 1.5 })).code, 'invalid_argument');
  assert.equal(refusal(() => engine.importPwa(42)).code, 'invalid_argument');
  assert.equal(refusal(() => engine.importPwa('{"version":"1.0.0"}\0')).code, 'invalid_argument');
});

test('arrays and objects nested 100 000 deep: every parser refuses them with the code and the field, and the stack holds', async () => {
  // They overflowed WebAssembly's stack (a RangeError, and the engine's allocations leaked) before
  // the parser refused nesting past 64 (engine/formats/json_reader.hpp).
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const tooDeep = /nested more than 64 deep are refused$/;
  const state = engine.newState('deep', T0);
  const hashBefore = state.hash;
  const cases = [
    ['importPwa', () => engine.importPwa(deep), 'invalid_pwa_save', /^GameSave\[0\]\[0\]/],
    ['loadState', () => engine.loadState(`{"format":${deep}}`), 'invalid_save', /^format\[0\]/],
    ['apply', () => state.apply(`{"t":${T0},"type":"tick","x":${deep}}`), 'malformed', /^x\[0\]/],
    ['syncJson', () => state.syncJson(`{"baseHash":"${hashBefore}","actions":${deep},"claimedHash":"${hashBefore}"}`, T0), 'invalid_request', /^actions\[0\]/],
    ['sync', () => state.sync(`{"baseHash":"${hashBefore}","actions":[{"t":${T0},"type":"tick","x":${deep}}],"claimedHash":"${hashBefore}"}`, T0), 'invalid_request', /^actions\[0\]\.x\[0\]/],
  ];
  for (const [name, call, code, field] of cases) {
    for (let round = 0; round < 3; ++round) {
      const e = refusal(call);
      assert.ok(e instanceof LlamawoolError, `${name}: ${e}`);
      assert.equal(e.code, code, name);
      assert.match(e.message, field, name);
      assert.match(e.message, tooDeep, name);
    }
  }
  const ruleset = await createEngine({ rulesetJson: `{"id":"deep","events":${deep}}` }).then(() => null, (e) => e);
  assert.ok(ruleset instanceof LlamawoolError, String(ruleset));
  assert.equal(ruleset.code, 'invalid_ruleset');
  assert.match(ruleset.message, /^events\[0\]\[0\]/);
  assert.equal(state.hash, hashBefore);
  state.dispose();
});

test('engine.events: none in the default ruleset, the schedule of a live-ops ruleset', async () => {
  assert.deepEqual(engine.events, []);
  const weekend = JSON.parse(readFileSync(join(sourceDir, 'tests/data/golden/live-ops-weekend.json'), 'utf8'));
  const live = await createEngine({ rulesetJson: weekend.rulesetJson });
  const rules = typeof weekend.rulesetJson === 'string' ? JSON.parse(weekend.rulesetJson) : weekend.rulesetJson;
  assert.deepEqual(live.events, rules.events);
  assert.equal(live.events.length, 4);
  live.dispose();
  assert.equal(refusal(() => live.events).code, 'disposed');
});

// Upstream's ChecksumValidator (src/systems/sync/SyncEngine.ts), verbatim logic: the reference the
// engine's C++ reproduction (engine/formats/pwa_checksum.cpp) must agree with on every document.
function upstreamChecksum(data) {
  const { checksum, ...rest } = data;
  const s = JSON.stringify(rest, Object.keys(rest).sort());
  let hash = 0;
  for (let i = 0; i < s.length; i++) {
    hash = ((hash << 5) - hash) + s.charCodeAt(i);
    hash = hash & hash;
  }
  return hash.toString(16);
}

test('the engine\'s SyncEngine checksum equals upstream\'s JavaScript on 2000 seeded random documents', async () => {
  const { SplitMix64 } = await import('./random-actions.mjs');
  const seed = 20261130n;
  const rng = new SplitMix64(seed);
  const base = JSON.parse(pwaFile('upstream-sync-merged.json'));
  const topKeys = Object.keys(base);
  const chars = ['a', 'Z', '0', ' ', '"', '\\', '/', '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\f', '\r', '\u001f',
    '\u007f', '\u0080', 'é', '\u2028', '\u2029', '\ufeff', '\uff5e', '\uffff', '\u{1f999}', '\u{10ffff}', '\u{20000}'];
  const randomString = () => Array.from({ length: rng.range(0, 8) }, () => rng.pick(chars)).join('');
  const randomKey = () => (rng.chance(40) ? rng.pick(topKeys) : randomString() || 'k');
  const doubleFromBits = () => {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, rng.next());
    const x = view.getFloat64(0);
    return Number.isFinite(x) ? x : 0.5;
  };
  const randomNumber = () => rng.pick([
    () => doubleFromBits(), () => rng.range(-1e6, 1e6), () => rng.range(0, 2 ** 31) * 2 ** rng.range(0, 40),
    () => rng.pick([1e21, 1e20, 123456789012345680000, 1e-6, 1e-7, 1.5e-7, 0.1 + 0.2, 5e-324, -0, 2 ** 53 + 2]),
    () => rng.range(1, 999) / 10 ** rng.range(0, 9),
  ])();
  const randomValue = (depth) => {
    const roll = rng.range(0, depth > 2 ? 4 : 7);
    if (roll === 0) return null;
    if (roll === 1) return rng.chance(50);
    if (roll <= 3) return randomNumber();
    if (roll === 4) return randomString();
    if (roll <= 5) return Array.from({ length: rng.range(0, 3) }, () => randomValue(depth + 1));
    const o = {};
    for (let i = rng.range(0, 4); i > 0; --i) o[randomKey()] = randomValue(depth + 1);
    return o;
  };
  let verified = 0;
  for (let n = 0; n < 2000; ++n) {
    const doc = {};
    const keys = [...topKeys];
    for (let i = keys.length - 1; i > 0; --i) { const j = rng.range(0, i); [keys[i], keys[j]] = [keys[j], keys[i]]; }
    for (const k of keys) doc[k] = structuredClone(base[k]);
    for (let i = rng.range(0, 4); i > 0; --i) {
      const k = randomString() || 'x';
      if (k !== '__proto__' && !(k in base)) doc[k] = randomValue(0);  // an unknown top-level field: reported
    }
    doc.settings = randomValue(0);        // carried, never checked
    doc.syncMetadata = randomValue(0);    // ignored
    doc.playTime = rng.range(0, 2 ** 40) / rng.pick([1, 1, 10, 1000]);
    const want = upstreamChecksum(doc);
    doc.checksum = rng.chance(50) ? want : 'x';
    const text = rng.chance(50) ? JSON.stringify(doc) : JSON.stringify(doc, null, rng.range(1, 4));
    const imported = engine.importPwa(text);
    imported.state.dispose();
    assert.equal(imported.checksum.computed, want, `seed ${seed}, document ${n}: ${text}`);
    assert.equal(imported.checksum.status, doc.checksum === want ? 'verified' : 'mismatch');
    if (imported.checksum.status === 'verified') ++verified;
  }
  assert.ok(verified > 800, `${verified} verified`);
});
