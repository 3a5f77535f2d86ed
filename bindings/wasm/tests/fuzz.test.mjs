// A JS-side fuzz of the package under Node (docs/wasm-package.md, "Errors"): random text, JSON-ish
// objects, wrong types, huge, negative and NaN numbers, BigInts, typed arrays, symbols, functions,
// disposed handles and the package's own objects, given to every method, getter and constructor.
// Asserted for every call:
//   - nothing aborts: the wasm module still plays the golden playthroughs to their hashes at the end;
//   - every throw is a LlamawoolError with a code and a message (calling a method on an object that
//     is not its class's, or a class without `new`, is a TypeError from JS itself: checked apart);
//   - a failed call changes nothing: the state's save, the batch's columns, the engine's ruleset;
//   - what must fail does: JSON text that JSON.parse refuses (an embedded NUL, a truncation), a time
//     that is not an integer number of ms within int64, a row index outside the batch, a player id
//     that is not a string;
//   - every live state still saves a document that loads back to the same bytes.
// Seeded (splitmix64): the seed is printed; LLAMAWOOL_FUZZ_SEED=<seed> replays a run exactly, and
// LLAMAWOOL_FUZZ_CALLS sets its length. An even seed fuzzes the ES module entry (import), an odd one
// the CommonJS entry (require).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { goldenFixtures, importPackage, packageDir, sourceDir } from './support.mjs';
import { replayGolden } from './golden-replay.js';
import { SplitMix64, randomActions } from './random-actions.mjs';

const SEED = process.env.LLAMAWOOL_FUZZ_SEED ?? randomBytes(4).readUInt32LE(0).toString();
const CALLS = Number(process.env.LLAMAWOOL_FUZZ_CALLS ?? 4000);
const T0 = 1700000000000;
const ENTRY = BigInt(SEED) % 2n === 0n ? 'import' : 'require';
console.log(`fuzz seed ${SEED}, ${CALLS} calls through ${ENTRY}('llamawool') (replay: LLAMAWOOL_FUZZ_SEED=${SEED} ctest --preset wasm -R wasm_package_fuzz -V)`);

// require: by name from inside the package (a self-reference), through "exports" as a host's require().
const lw = ENTRY === 'import' ? await importPackage() : createRequire(join(packageDir, 'package.json'))('llamawool');
const { createEngine, Engine, GameState, PlayerBatch, LlamawoolError } = lw;
const rng = new SplitMix64(BigInt(SEED));
const rulesetText = readFileSync(join(sourceDir, 'engine/rulesets/llama-wool-farm-1.json'), 'utf8');
const saveText = readFileSync(join(sourceDir, 'tests/data/saves/valid-midgame.json'), 'utf8');
const pwaDir = join(sourceDir, 'tests/data/pwa');
const midGameText = readFileSync(join(pwaDir, 'mid-game.json'), 'utf8');
const pwaTexts = readdirSync(pwaDir).filter((f) => f.endsWith('.json')).sort().map((f) => readFileSync(join(pwaDir, f), 'utf8'));
const COLUMN_NAMES = [...Array.from({ length: 16 }, (_, i) => `wool${i}`), ...Array.from({ length: 16 }, (_, i) => `buildingLevels${i}`),
  'soulShears', 'achievementCount', 'totalPrestiges', 'upgradeProduction', 'upgradeClick', 'upgradeBuilding', 'upgradeRare',
  'upgradeAutoClicksPerSecond', 'upgradeOfflineEfficiency', 'upgradeOfflineCapMs', 'runValue', 'lifetimeValue', 'lastUpdateMs',
  'playTimeMs', 'clickTokensMilli'];

// --- Random values ----------------------------------------------------------------------------
const NUMBERS = [0, -0, 1, -1, 2, 1.5, -1.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 2 ** 63,
  2 ** 64, 1e308, -1e308, Number.MIN_VALUE, Number.EPSILON, T0, T0 + 0.5, -T0];
const BIGINTS = [0n, 1n, -1n, 2n ** 31n, 2n ** 32n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n, 2n ** 64n,
  2n ** 64n + BigInt(T0), 10n ** 40n, BigInt(T0)];
const TEXT_PIECES = ['', ' ', '\0', '"', '\\', '{', '}', '[', ']', ':', ',', 'null', 'true', '1e400', '-0', 'NaN', '\uFEFF',
  '\uD800', '\uDFFF', '😀', 'é', '\u2028', '\n', '\t', 'tick', 'shear', 'buy_building', 'prestige', '"t"', '"type"', 'p-1',
  '0123456789abcdef', 'x'.repeat(300)];

function randomText() {
  let s = '';
  for (let n = rng.range(0, 8); n > 0; --n) {
    s += rng.chance(50) ? rng.pick(TEXT_PIECES) : String.fromCharCode(rng.range(0, 0xffff));
  }
  return s;
}

// Small edits that usually break JSON text: a byte changed, inserted or removed, a cut, a NUL.
function mutateText(text) {
  const at = rng.range(0, text.length);
  switch (rng.range(0, 6)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + rng.pick(TEXT_PIECES) + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + 1);
    case 3: return text + '\0' + randomText();
    case 4: return text.slice(0, at) + String.fromCharCode(rng.range(0, 0xffff)) + text.slice(at + 1);
    case 5: return text.replace(/\d/, () => String(rng.range(0, 9)));
    default: return text + rng.pick([' ', '\n', ',', '}', 'x']);
  }
}

// An edit of a JSON value: a field changed, removed or added, somewhere inside.
function mutateValue(value, depth = 0) {
  if (value === null || typeof value !== 'object' || depth > 4) return anyValue(depth + 1);
  const copy = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  const roll = rng.range(0, 9);
  if (keys.length === 0 || roll === 0) copy[rng.chance(50) ? randomText() : rng.pick(['t', 'type', 'count', 'id', 'wool'])] = anyValue(depth + 1);
  else if (roll === 1) delete copy[rng.pick(keys)];
  else {
    const key = rng.pick(keys);
    copy[key] = rng.chance(60) ? mutateValue(copy[key], depth + 1) : anyValue(depth + 1);
  }
  return copy;
}

function jsonish(depth) {
  if (depth > 3) return rng.pick([0, 'x', null, true]);
  if (rng.chance(40)) return Array.from({ length: rng.range(0, 4) }, () => anyValue(depth + 1));
  const o = {};
  for (let n = rng.range(0, 5); n > 0; --n) o[rng.chance(50) ? rng.pick(['t', 'type', 'count', 'building', 'quantity', 'upgrade', 'now', 'arch', 'wasmBinary', 'rulesetJson', 'baseHash', 'actions', 'claimedHash']) : randomText()] = anyValue(depth + 1);
  return o;
}

// Values that JSON.stringify cannot turn into text, and other awkward objects.
function awkward() {
  switch (rng.range(0, 9)) {
    case 0: { const o = { t: T0 }; o.self = o; return o; }
    case 1: return { t: BigInt(T0), type: 'tick' };
    case 2: return { toJSON() { return undefined; } };
    case 3: return { toJSON() { throw new RangeError('toJSON refused'); } };
    case 4: return Object.create(null);
    case 5: return { toString() { throw new Error('toString refused'); }, valueOf() { throw new Error('valueOf refused'); } };
    case 6: return new Date(NaN);
    case 7: return new Map([['t', T0]]);
    case 8: return Object.assign(Object.create(null), { t: T0, type: 'tick' });
    default: return [undefined, () => 1, Symbol('s')];
  }
}

function typedArray() {
  const length = rng.pick([0, 1, 7, 8, 16, 1000]);
  switch (rng.range(0, 5)) {
    case 0: return new Uint8Array(length).map(() => rng.range(0, 255));
    case 1: return new Float64Array(length).fill(rng.pick(NUMBERS));
    case 2: return new ArrayBuffer(length);
    case 3: return new DataView(new ArrayBuffer(length));
    case 4: return new BigInt64Array(length);
    default: return Buffer.from(randomText());
  }
}

let pool;  // the live objects, set up below; some calls get them as arguments

function anyValue(depth = 0) {
  const roll = rng.range(0, 99);
  if (roll < 12) return rng.chance(70) ? rng.pick(NUMBERS) : rng.range(-5, 100);
  if (roll < 20) return rng.pick(BIGINTS);
  if (roll < 38) return rng.chance(20) ? randomText().repeat(rng.range(1, 2000)) : randomText();
  if (roll < 55) return jsonish(depth);
  if (roll < 62) return awkward();
  if (roll < 67) return typedArray();
  if (roll < 73) return rng.pick([undefined, null, true, false]);
  if (roll < 76) return rng.chance(50) ? Symbol(randomText()) : () => T0;
  if (roll < 85 && pool) return rng.pick([pool.state(), pool.disposedState, pool.engine, pool.disposedEngine, pool.batch, pool.disposedBatch, lw, Engine]);
  return rng.pick([[], {}, '', ' ', '{}', '[]', 'null']);
}

// --- Plausible values, so that calls get past the first check ------------------------------------
const plausible = {
  time: (state) => {
    const base = state ? state.lastUpdateMs : T0;
    const t = base + rng.pick([0, 1, 1000, 60000, 3600000, 30 * 3600000, -1000, -base]);
    return rng.chance(30) ? BigInt(t) : t;
  },
  playerId: () => rng.pick(['p-1', 'p_2.x:y', 'a'.repeat(128), 'a'.repeat(129), 'bad id!', '', 'p-1\0evil', 'é']),
  action: (state) => {
    const [text] = randomActions(rng.next(), state ? state.lastUpdateMs : T0, 1);
    const roll = rng.range(0, 9);
    if (roll < 4) return text;
    if (roll < 7) return JSON.parse(text);
    return rng.chance(50) ? mutateText(text) : mutateValue(JSON.parse(text));
  },
  save: (state) => {
    const text = state && rng.chance(70) ? state.save() : saveText;
    const roll = rng.range(0, 9);
    if (roll < 3) return text;
    if (roll < 5) return JSON.parse(text);
    return rng.chance(50) ? mutateText(text) : mutateValue(JSON.parse(text));
  },
  gameSave: () => {
    const text = rng.pick(pwaTexts);
    const roll = rng.range(0, 9);
    if (roll < 3) return text;
    if (roll < 4) { try { return JSON.parse(text); } catch { return text; } }  // (broken-not-json.json does not parse)
    return rng.chance(50) ? mutateText(text) : mutateValue(JSON.parse(midGameText));
  },
  request: (state) => {
    const baseHash = state && rng.chance(80) ? state.hash : randomText();
    const actions = randomActions(rng.next(), state ? state.lastUpdateMs : T0, rng.range(0, 4)).map((a) => JSON.parse(a));
    const request = { baseHash, actions, claimedHash: rng.chance(50) ? baseHash : '0123456789abcdef' };
    return rng.chance(60) ? request : rng.chance(50) ? mutateValue(request) : mutateText(JSON.stringify(request));
  },
  ruleset: () => {
    const rules = JSON.parse(rulesetText);
    const roll = rng.range(0, 9);
    if (roll < 2) return rulesetText;
    if (roll < 4) return { ...rules, id: `llama-wool-farm/1+${randomText()}` };
    return rng.chance(50) ? mutateValue(rules) : mutateText(rulesetText);
  },
  options: (state) => rng.pick([undefined, {}, { now: plausible.time(state) }, { now: anyValue() }, null, 5, 'now']),
  batchOptions: () => rng.pick([undefined, {}, { arch: rng.pick(['automatic', 'sse2', 'sse4_2', 'avx2', 'avx512f', 'neon', 'toString', '__proto__', 'constructor', 1, null]) }, null, 'sse2']),
  count: () => rng.range(0, 5),
  index: (batch) => rng.range(-1, (batch?.count ?? 2) + 1),
  column: () => rng.chance(80) ? rng.pick(COLUMN_NAMES) : rng.pick(['nope', 'creditedMs', 'valueRate', '__proto__', 'toString', '']),
  state: () => rng.chance(85) ? pool.state() : pool.disposedState,
  engineOptions: () => rng.pick([{}, undefined, { rulesetJson: plausible.ruleset() }, { wasmBinary: typedArray() }, null, 'x']),
};

function arg(role, context) {
  return rng.chance(55) && plausible[role] ? plausible[role](context) : anyValue();
}

// --- What must fail -----------------------------------------------------------------------------
const isTime = (v) => (typeof v === 'bigint' ? BigInt.asIntN(64, v) === v : Number.isSafeInteger(v));
const refusedByJsonParse = (v) => {
  if (typeof v !== 'string') return false;
  try { JSON.parse(v); return false; } catch { return true; }
};
const unserialisable = (v) => {
  if (typeof v === 'string') return false;
  if (v === null || typeof v !== 'object') return true;
  try { return JSON.stringify(v) === undefined; } catch { return true; }
};
const badJson = (v) => refusedByJsonParse(v) || unserialisable(v);
const badOptions = (o, field) => o !== undefined && (o === null || typeof o !== 'object' || (o[field] !== undefined && field === 'now' && !isTime(o[field])));
const badIndex = (i, batch) => !(Number.isSafeInteger(i) && i >= 0 && i < batch.count);

// --- The live objects (made once the module is loaded, by the fuzz test) ------------------------
let engine;
let customEngine;
const engineOf = new Map();  // state -> the engine whose ruleset loads its saves

async function setUp() {
engine = await createEngine();
customEngine = await createEngine({ rulesetJson: { ...JSON.parse(rulesetText), id: 'llama-wool-farm/1+fuzz' } });
pool = {
  engine,
  states: [],
  disposedState: engine.newState('p-gone', T0),
  disposedEngine: await createEngine(),
  disposedBatch: engine.createBatch(1),
  batch: engine.createBatch(3),
  state() { return rng.pick(this.states); },
  keep(state, from) {
    if (!(state instanceof GameState)) return state;
    engineOf.set(state, from);
    this.states.push(state);
    if (this.states.length > 6) {
      const old = this.states.splice(rng.range(0, this.states.length - 2), 1)[0];
      engineOf.delete(old);
      old.dispose();
    }
    return state;
  },
};
pool.disposedState.dispose();
pool.disposedEngine.dispose();
pool.disposedBatch.dispose();
for (const [i, e] of [engine, customEngine, engine].entries()) pool.keep(e.newState(`p-${i}`, T0 + i), e);
pool.keep(engine.loadState(saveText), engine);
}

// --- The calls ------------------------------------------------------------------------------------
// Each: what it is called on (its state is snapshot before and compared after a failure), the
// call, and the reason it must fail, if any.
const getter = (cls, name) => Object.getOwnPropertyDescriptor(cls.prototype, name).get;
const calls = [
  { name: 'engine.newState', on: 'engine', run() { const a = [arg('playerId'), arg('time')]; return [a, () => pool.keep(this.target.newState(...a), this.target), typeof a[0] !== 'string' || a[0].includes('\0') || !isTime(a[1])]; } },
  { name: 'engine.loadState', on: 'engine', run() { const a = [arg('save', pool.state())]; return [a, () => pool.keep(this.target.loadState(...a), this.target), badJson(a[0])]; } },
  { name: 'engine.createBatch', on: 'engine', run() { const a = [arg('count')]; return [a, () => this.target.createBatch(...a).dispose(), !(Number.isSafeInteger(a[0]) && a[0] >= 0)]; } },
  { name: 'engine.importPwa', on: 'engine', run() { const a = [arg('gameSave'), arg('options')]; return [a, () => pool.keep(this.target.importPwa(...a).state, this.target), badJson(a[0]) || badOptions(a[1], 'now')]; } },
  { name: 'engine getters', on: 'engine', run() { return [[], () => [this.target.rulesetId, this.target.batchArchs, this.target.events], false]; } },
  { name: 'state.apply', on: 'state', run() { const a = [arg('action', this.target), arg('options', this.target)]; return [a, () => this.target.apply(...a), badJson(a[0]) || badOptions(a[1], 'now')]; } },
  { name: 'state.previewResume', on: 'state', run() { const a = [arg('time', this.target)]; return [a, () => this.target.previewResume(...a), !isTime(a[0])]; } },
  { name: 'state.resume', on: 'state', run() { const a = [arg('time', this.target), arg('options', this.target)]; return [a, () => this.target.resume(...a), !isTime(a[0]) || badOptions(a[1], 'now')]; } },
  { name: 'state.sync', on: 'state', run() { const a = [arg('request', this.target), arg('time', this.target)]; return [a, () => this.target.sync(...a), badJson(a[0]) || !isTime(a[1])]; } },
  { name: 'state.syncJson', on: 'state', run() { const a = [arg('request', this.target), arg('time', this.target)]; return [a, () => JSON.parse(this.target.syncJson(...a)), badJson(a[0]) || !isTime(a[1])]; } },
  { name: 'state.scores', on: 'state', run() { const a = rng.chance(20) ? [] : [arg('time', this.target)]; return [a, () => this.target.scores(...a), a.length > 0 && a[0] !== undefined && !isTime(a[0])]; } },
  { name: 'state.view', on: 'state', run() { const a = rng.chance(20) ? [] : [arg('time', this.target)]; return [a, () => this.target.view(...a), a.length > 0 && a[0] !== undefined && !isTime(a[0])]; } },
  { name: 'state.copy', on: 'state', run() { return [[], () => pool.keep(this.target.copy(), engineOf.get(this.target)), false]; } },
  { name: 'state getters', on: 'state', run() { return [[], () => [this.target.hash, this.target.playerId, this.target.lastUpdateMs, this.target.save()], false]; } },
  { name: 'batch.column', on: 'batch', run() { const a = [arg('column')]; return [a, () => this.target.column(...a), !COLUMN_NAMES.includes(a[0]) && !['creditedMs', 'forfeitedMs', 'valueGained', 'valueRate', 'currentWoolValue', 'pendingSoulShears'].includes(a[0])]; } },
  { name: 'batch.load', on: 'batch', run() { const a = [arg('index', this.target), arg('state')]; return [a, () => this.target.load(...a), badIndex(a[0], this.target) || !(a[1] instanceof GameState)]; } },
  { name: 'batch.store', on: 'batch', run() { const a = [arg('index', this.target), arg('state')]; return [a, () => this.target.store(...a), badIndex(a[0], this.target) || !(a[1] instanceof GameState)]; } },
  { name: 'batch.advanceTo', on: 'batch', run() { const a = [arg('time', pool.state()), arg('batchOptions')]; return [a, () => this.target.advanceTo(...a), !isTime(a[0])]; } },
  { name: 'batch.valueRates', on: 'batch', run() { const a = [arg('time', pool.state()), arg('batchOptions')]; return [a, () => this.target.valueRates(...a), !isTime(a[0])]; } },
  { name: 'batch.pendingSoulShears', on: 'batch', run() { const a = [arg('time', pool.state()), arg('batchOptions')]; return [a, () => this.target.pendingSoulShears(...a), !isTime(a[0])]; } },
  { name: 'batch.currentWoolValues', on: 'batch', run() { const a = [arg('time', pool.state()), arg('batchOptions')]; return [a, () => this.target.currentWoolValues(...a), !isTime(a[0])]; } },
  { name: 'batch: a column written with anything, then the kernels', on: 'batch', run() {
    const name = rng.pick(COLUMN_NAMES);
    const row = rng.range(0, Math.max(this.target.count - 1, 0));  // (a batch of 0 has no row: the write does nothing)
    const value = rng.pick([...NUMBERS, rng.range(0, 30)]);
    return [[name, row, value], () => { this.target.column(name)[row] = value; }, false];
  } },
  { name: 'new Engine', on: 'none', run() { const a = [anyValue(), anyValue()]; return [a, () => new Engine(...a), true]; } },
  { name: 'new GameState', on: 'none', run() { const a = [anyValue(), anyValue()]; return [a, () => new GameState(...a), true]; } },
  { name: 'new PlayerBatch', on: 'none', run() { const a = [anyValue(), anyValue(), anyValue(), anyValue()]; return [a, () => new PlayerBatch(...a), true]; } },
  { name: 'new LlamawoolError', on: 'none', run() {
    const a = Array.from({ length: rng.range(0, 3) }, () => anyValue());
    return [a, () => {
      const e = new LlamawoolError(...a);
      assert.ok(e instanceof LlamawoolError && e instanceof Error && e.name === 'LlamawoolError' && typeof e.message === 'string');
    }, false];
  } },
];
// The engine's ruleset id is the document's "id" (the text a host gave, or its JSON.stringify).
function expectedRulesetId(rulesetJson) {
  if (rulesetJson === undefined) return 'llama-wool-farm/1';
  try {
    return JSON.parse(typeof rulesetJson === 'string' ? rulesetJson : JSON.stringify(rulesetJson)).id;
  } catch {
    return undefined;
  }
}
const isBytes = (v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer;
const asyncCalls = [
  { name: 'createEngine', run() {
    const a = [arg('engineOptions')];
    const o = a[0];
    const isObject = o !== null && typeof o === 'object';
    const mustFail = o !== undefined && (!isObject || (o.rulesetJson !== undefined && badJson(o.rulesetJson)) ||
      (o.wasmBinary !== undefined && !isBytes(o.wasmBinary)));
    return [a, async () => {
      const created = await createEngine(...a);
      const rulesetId = created.rulesetId;
      created.dispose();
      const expected = expectedRulesetId(isObject ? o.rulesetJson : undefined);
      if (typeof expected === 'string') assert.equal(rulesetId, expected, 'the engine names the id of its ruleset document');
    }, mustFail];
  } },
];

// Calling a method on something that is not its class's object, or a class without `new`, is a
// TypeError thrown by JS itself before the package runs (documented).
function foreign() {
  for (;;) {
    const value = anyValue();
    if (!(value instanceof Engine || value instanceof GameState || value instanceof PlayerBatch)) return value;
  }
}
const receiverCalls = [
  () => GameState.prototype.save.call(foreign()),
  () => GameState.prototype.apply.call(foreign(), '{"t":1,"type":"tick"}'),
  () => getter(GameState, 'hash').call(foreign()),
  () => Engine.prototype.newState.call(foreign(), 'p-1', T0),
  () => getter(Engine, 'rulesetId').call(foreign()),
  () => PlayerBatch.prototype.advanceTo.call(foreign(), T0),
  () => getter(PlayerBatch, 'count').call(foreign()),
  () => GameState(),
  () => Engine(),
  () => LlamawoolError('x', 'y'),
];

// What a call on this object can change, as something to compare.
function snapshot(on, target) {
  if (on === 'state') return target.save();
  if (on === 'engine') return target.rulesetId;
  if (on === 'batch') {
    return JSON.stringify({
      columns: COLUMN_NAMES.map((name) => Array.from(target.column(name), (v) => (Object.is(v, -0) ? '-0' : String(v)))),
      states: pool.states.map((s) => s.save()),
    });
  }
  return null;
}

function describe(value) {
  try {
    if (typeof value === 'string') return JSON.stringify(value.length > 200 ? value.slice(0, 200) + `... (${value.length} chars)` : value);
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || typeof value === 'function') return String(value);
    if (value instanceof GameState || value instanceof Engine || value instanceof PlayerBatch) return `<${value.constructor.name}>`;
    const text = JSON.stringify(value, (k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    return text === undefined ? String(value) : text.length > 300 ? text.slice(0, 300) + '...' : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function checkThrown(error, where) {
  assert.ok(error instanceof LlamawoolError, `${where}: threw ${error?.constructor?.name ?? typeof error} instead of a LlamawoolError: ${error?.stack ?? String(error)}`);
  assert.ok(typeof error.code === 'string' && error.code.length > 0, `${where}: a LlamawoolError without a code`);
  assert.ok(typeof error.message === 'string' && error.message.length > 0, `${where}: a LlamawoolError without a message`);
}

// Every live state saves a document that its engine loads back to the same bytes.
function checkStatesReload(where) {
  for (const state of pool.states) {
    const save = state.save();
    const again = engineOf.get(state).loadState(save);
    assert.equal(again.save(), save, `${where}: a state's save does not load back to the same bytes`);
    again.dispose();
  }
}

test('before the module is loaded: a wasmBinary that is not llamawool.wasm is refused with LlamawoolError; then the load works', async () => {
  const wasm = readFileSync(join(packageDir, 'llamawool.wasm'));
  const emptyModule = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  for (const wasmBinary of [new Uint8Array(0), emptyModule, wasm.subarray(0, 1000), new Uint8Array(64).map(() => rng.range(0, 255)),
    'llamawool.wasm', 42, {}, [0, 0x61, 0x73, 0x6d], null]) {
    const error = await createEngine({ wasmBinary }).then(() => null, (e) => e);
    checkThrown(error, `createEngine({ wasmBinary: ${describe(wasmBinary)} })`);
    assert.ok(['load_failed', 'invalid_argument'].includes(error.code), `${describe(wasmBinary)}: ${error.code} ${error.message}`);
  }
  const good = await createEngine({ wasmBinary: new Uint8Array(wasm) });
  assert.equal(good.rulesetId, 'llama-wool-farm/1');
  good.dispose();
});

test(`fuzz: ${CALLS} calls with random arguments through ${ENTRY} (seed ${SEED})`, async () => {
  await setUp();
  const counts = {};
  for (let n = 0; n < CALLS; ++n) {
    const isAsync = rng.chance(3);
    const call = isAsync ? rng.pick(asyncCalls) : rng.pick(calls);
    const target = call.on === 'state' ? pool.state() : call.on === 'engine' ? rng.pick([engine, customEngine]) : call.on === 'batch' ? pool.batch : null;
    const self = { target };
    const [args, run, mustFail] = call.run.call(self);
    const where = `seed ${SEED}, call ${n}: ${call.name}(${args.map(describe).join(', ')})`;
    const before = snapshot(call.on, target);
    let failed = false;
    try {
      await run();
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      checkThrown(error, where);
      failed = true;
      assert.equal(snapshot(call.on, target), before, `${where}: failed with ${error.code} and changed what it was called on`);
    }
    if (mustFail) assert.ok(failed, `${where}: succeeded but must fail`);
    counts[call.name] = (counts[call.name] ?? [0, 0]);
    counts[call.name][failed ? 1 : 0]++;
    if (rng.chance(2)) {  // now and then: a method on a wrong receiver
      const k = rng.range(0, receiverCalls.length - 1);
      try { receiverCalls[k](); assert.fail(`seed ${SEED}, after call ${n}: receiver call ${k} succeeded`); } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.ok(error instanceof TypeError, `seed ${SEED}, after call ${n}: receiver call ${k} threw ${error}`);
      }
    }
    if (n % 250 === 249) checkStatesReload(where);
    if (rng.chance(1)) {  // a fresh batch now and then, of a new size
      pool.batch.dispose();
      pool.batch = engine.createBatch(rng.range(0, 5));
    }
  }
  checkStatesReload('the end');
  for (const [name, [ok, failed]] of Object.entries(counts)) console.log(`${name}: ${ok} succeeded, ${failed} failed`);
});

test('after the fuzz the module is intact: the golden playthroughs end on their hashes', async () => {
  for (const fixture of goldenFixtures()) {
    const result = await replayGolden(createEngine, fixture);
    assert.equal(result.hash, fixture.expectedHash, fixture.name);
  }
});
