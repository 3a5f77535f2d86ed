// Native vs wasm, step by step: seeded random action logs go through the native CLI
// (`llamawool apply --trace`, one process per log) and through the npm package, and every
// intermediate save must be the same bytes, every refusal the same code and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenFixtures, importPackage, nativeCli, sourceDir } from './support.mjs';
import { randomActions } from './random-actions.mjs';

const LOGS = 64;
const ACTIONS_PER_LOG = 400;

const cli = nativeCli();
const { createEngine } = await importPackage();
const engine = await createEngine();
const work = mkdtempSync(join(tmpdir(), 'llamawool-cross-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// Starting saves: a new farm (made natively), the mid-game fixture, and late-game farms with
// prestiges behind them (a golden playthrough on the default ruleset, stopped part way).
function startingSaves() {
  const fresh = join(work, 'new.json');
  execFileSync(cli, ['new', '--player', 'p-cross', '--t', '1700000000000', '-o', fresh]);
  const saves = [readFileSync(fresh, 'utf8'), readFileSync(join(sourceDir, 'tests/data/saves/valid-midgame.json'), 'utf8')];
  for (const fixture of goldenFixtures().filter((f) => f.rulesetJson === null)) {
    const state = engine.newState(fixture.player, fixture.t0);
    for (const a of fixture.actions.slice(0, 450)) {
      try { state.apply(a); } catch (error) { if (error.name !== 'LlamawoolError') throw error; }
    }
    saves.push(state.save());
    state.dispose();
  }
  return saves;
}

function runNative(startSave, actionTexts, nowMs) {
  writeFileSync(join(work, 'start.json'), startSave);
  writeFileSync(join(work, 'actions.json'), '[\n' + actionTexts.join(',\n') + '\n]\n');
  const args = ['apply', join(work, 'start.json'), join(work, 'actions.json'), '--trace', '-o', join(work, 'end.json')];
  if (nowMs !== undefined) args.push('--now', String(nowMs));
  // Exit code 3: some actions were refused (docs/cli.md); the result lines say which.
  const run = spawnSync(cli, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  assert.ok(run.status === 0 || run.status === 3, `llamawool apply exited ${run.status}: ${run.stderr}`);
  const out = run.stdout;
  return out.trimEnd().split('\n').map((line) => JSON.parse(line));
}

function runWasm(startSave, actionTexts, nowMs) {
  const state = engine.loadState(startSave);
  const steps = actionTexts.map((text) => {
    let status = 'ok';
    let message;
    try {
      state.apply(text, nowMs === undefined ? {} : { now: nowMs });
    } catch (error) {
      if (error.name !== 'LlamawoolError') throw error;
      status = error.code;
      message = error.message;
    }
    return { status, message, save: state.save() };
  });
  state.dispose();
  return steps;
}

test('a new game is the same bytes natively and in wasm', () => {
  const state = engine.newState('p-cross', 1700000000000);
  const native = join(work, 'new-native.json');
  execFileSync(cli, ['new', '--player', 'p-cross', '--t', '1700000000000', '-o', native]);
  assert.equal(state.save(), readFileSync(native, 'utf8'));
  state.dispose();
});

test(`${LOGS} random logs of ${ACTIONS_PER_LOG} actions: every intermediate save is byte-identical`, () => {
  const saves = startingSaves();
  const seen = new Map();  // status -> count, to show the logs cover what they claim
  let prestiges = 0;
  for (let log = 0; log < LOGS; ++log) {
    const startSave = saves[log % saves.length];
    const startMs = JSON.parse(startSave).lastUpdateMs;
    const actions = randomActions(0x1a3a + log, startMs, ACTIONS_PER_LOG);
    // Every eighth log runs with a host clock a day ahead, so that time_in_future is exercised too.
    const nowMs = log % 8 === 7 ? startMs + 86400000 : undefined;
    const native = runNative(startSave, actions, nowMs);
    const wasm = runWasm(startSave, actions, nowMs);
    assert.equal(native.length, actions.length, `log ${log}: the CLI printed ${native.length} lines`);
    for (let i = 0; i < actions.length; ++i) {
      const where = `log ${log} (seed ${0x1a3a + log}), action ${i} ${actions[i]}`;
      assert.equal(wasm[i].status, native[i].status, `${where}: status`);
      // The CLI reads a batch and names a field of an unreadable action by its place in it.
      const nativeMessage = native[i].action ? native[i].message : native[i].message?.replace(`actions[${i}].`, '');
      if (native[i].status !== 'ok') assert.equal(wasm[i].message, nativeMessage, `${where}: message`);
      assert.equal(wasm[i].save, native[i].save, `${where}: save after the action`);
      seen.set(native[i].status, (seen.get(native[i].status) ?? 0) + 1);
      if (native[i].status === 'ok' && native[i].action.type === 'prestige') ++prestiges;
    }
  }
  const covered = [...seen.keys()].sort();
  for (const status of ['ok', 'time_regression', 'time_in_future', 'rate_limited', 'invalid_quantity', 'building_locked',
    'insufficient_funds', 'unknown_building', 'unknown_upgrade', 'unknown_action', 'malformed', 'cost_mismatch']) {
    assert.ok(seen.has(status), `no action ended ${status}; statuses seen: ${covered.join(', ')}`);
  }
  assert.ok(prestiges > 0, 'no prestige was accepted');
  console.log(`cross-check: ${prestiges} prestiges; statuses:`, Object.fromEntries([...seen.entries()].sort()));
});
