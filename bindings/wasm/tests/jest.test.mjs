// The CommonJS entry under Jest 29 with its default configuration, as the upstream backend
// (CommonJS, Express, Jest) would test with it: Jest runs test files in its own module system,
// where `require('llamawool')` must work and where a dynamic import() of an ES module would fail
// without --experimental-vm-modules. The Jest test plays the same game as the ES module entry here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devtoolsModules, goldenFixtures, importPackage, packageDir, requireDevtool } from './support.mjs';

requireDevtool('jest');  // a clear message when the tooling is not installed
const work = mkdtempSync(join(tmpdir(), 'llamawool-jest-'));
after(() => rmSync(work, { recursive: true, force: true }));

// A CommonJS project with the package installed (a copy, as npm would put it: Jest transforms
// nothing under node_modules).
mkdirSync(join(work, 'node_modules'));
cpSync(packageDir, join(work, 'node_modules', 'llamawool'), { recursive: true });
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'backend', private: true }));

const fixture = goldenFixtures().find((f) => f.rulesetJson === null);
const game = { player: fixture.player, t0: fixture.t0, actions: fixture.actions.slice(0, 300) };
writeFileSync(join(work, 'game.json'), JSON.stringify(game));

writeFileSync(join(work, 'farm.test.js'), `
const { createEngine, LlamawoolError, PlayerBatch } = require('llamawool');
const game = require('./game.json');

test('require("llamawool") is the CommonJS entry', () => {
  expect(require.resolve('llamawool')).toMatch(/node_modules\\/llamawool\\/node\\.cjs$/);
  expect(typeof PlayerBatch).toBe('function');
});

test('a game plays to the hash of the ES module entry; refusals are LlamawoolErrors', async () => {
  const engine = await createEngine();
  const farm = engine.newState(game.player, game.t0);
  let refused = 0;
  for (const action of game.actions) {
    try { farm.apply(action); } catch (e) { expect(e).toBeInstanceOf(LlamawoolError); ++refused; }
  }
  expect(refused).toBeGreaterThan(0);
  expect(farm.hash).toBe(process.env.EXPECTED_HASH);
  expect(farm.save()).toBe(require('node:fs').readFileSync('expected-save.json', 'utf8'));
  farm.dispose();
  engine.dispose();
});
`);

test('Jest runs a CommonJS test file that requires the package and gets the ES module entry\'s bits', async () => {
  const { createEngine } = await importPackage();
  const engine = await createEngine();
  const farm = engine.newState(game.player, game.t0);
  for (const action of game.actions) {
    try { farm.apply(action); } catch (e) { if (e.name !== 'LlamawoolError') throw e; }
  }
  writeFileSync(join(work, 'expected-save.json'), farm.save());
  const jest = spawnSync(process.execPath, [join(devtoolsModules, 'jest', 'bin', 'jest.js'), '--ci', '--rootDir', work,
    '--cacheDirectory', join(work, '.jest-cache'), '--colors=false'],
  { cwd: work, encoding: 'utf8', env: { ...process.env, EXPECTED_HASH: farm.hash, FORCE_COLOR: '0' } });
  const output = jest.stdout + jest.stderr;
  assert.equal(jest.status, 0, output);
  assert.match(output, /Tests:\s+2 passed, 2 total/, output);
});
