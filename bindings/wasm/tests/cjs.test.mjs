// The CommonJS entry (`require('llamawool')`, docs/wasm-package.md): a plain CommonJS program in a
// project that installed the package plays the same game as the ES module entry, to the byte; the
// golden playthroughs through require() end on the native hashes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenFixtures, importPackage, packageDir } from './support.mjs';
import { replayGolden } from './golden-replay.js';

const work = mkdtempSync(join(tmpdir(), 'llamawool-cjs-'));
after(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'node_modules'));
symlinkSync(packageDir, join(work, 'node_modules', 'llamawool'), 'dir');
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'backend', private: true }));  // CommonJS

// A CommonJS host: plays the actions of argv[2] (a JSON file) and prints what it saw.
writeFileSync(join(work, 'play.cjs'), `
const { readFileSync } = require('node:fs');
const { createEngine, LlamawoolError } = require('llamawool');
const { player, t0, actions } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
createEngine().then((engine) => {
  const farm = engine.newState(player, t0);
  const outcomes = actions.map((action) => {
    try { farm.apply(action); return 'ok'; }
    catch (e) { return e instanceof LlamawoolError ? e.code : 'not a LlamawoolError: ' + e; }
  });
  process.stdout.write(JSON.stringify({ resolved: require.resolve('llamawool'), outcomes, hash: farm.hash, save: farm.save() }));
});
`);

// The first actions of a golden playthrough on the default ruleset: purchases, refusals, prestige.
const fixture = goldenFixtures().find((f) => f.rulesetJson === null);
const game = { player: fixture.player, t0: fixture.t0, actions: fixture.actions.slice(0, 300) };

async function playEsm() {
  const { createEngine, LlamawoolError } = await importPackage();
  const engine = await createEngine();
  const farm = engine.newState(game.player, game.t0);
  const outcomes = game.actions.map((action) => {
    try { farm.apply(action); return 'ok'; } catch (e) { return e instanceof LlamawoolError ? e.code : String(e); }
  });
  const result = { outcomes, hash: farm.hash, save: farm.save() };
  farm.dispose();
  engine.dispose();
  return result;
}

test('node play.cjs: require("llamawool") resolves to node.cjs and plays the ES module entry\'s game, byte for byte', async () => {
  writeFileSync(join(work, 'game.json'), JSON.stringify(game));
  const cjs = JSON.parse(execFileSync(process.execPath, ['play.cjs', 'game.json'], { cwd: work, encoding: 'utf8' }));
  assert.equal(cjs.resolved, join(packageDir, 'node.cjs'));
  const esm = await playEsm();
  assert.ok(esm.outcomes.includes('ok') && esm.outcomes.some((o) => o !== 'ok'), 'the game has accepted and refused actions');
  assert.deepEqual(cjs.outcomes, esm.outcomes);
  assert.equal(cjs.hash, esm.hash);
  assert.equal(cjs.save, esm.save);
});

const cjs = createRequire(join(work, 'host.cjs'))('llamawool');

for (const golden of goldenFixtures()) {
  test(`golden "${golden.name}" through require("llamawool") ends on ${golden.expectedHash}`, async () => {
    const result = await replayGolden(cjs.createEngine, golden);
    assert.equal(result.hash, golden.expectedHash);
  });
}
