// `npm pack` turns the built package folder into a tarball with exactly the published files, and
// that tarball installs into a fresh project (no network: it has no dependencies) and works there
// through its "node" export, both as an ES module (import) and as CommonJS (require).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageDir } from './support.mjs';

const work = mkdtempSync(join(tmpdir(), 'llamawool-pack-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

test('npm pack makes a tarball of the published files', () => {
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], packageDir));
  assert.equal(packed.filename, 'llamawool-0.1.0.tgz');
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, ['README.md', 'abi.cjs', 'abi.js', 'args.cjs', 'args.js', 'batch.cjs', 'batch.js', 'errors.cjs', 'errors.js',
    'index.cjs', 'index.d.cts', 'index.d.ts', 'index.js', 'llamawool.cjs', 'llamawool.mjs', 'llamawool.wasm',
    'node.cjs', 'node.js', 'package.json']);
  const listed = execFileSync('tar', ['tzf', join(work, packed.filename)], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(listed, files.map((f) => 'package/' + f));
});

// The same few actions, written for import and for require: the two must print the same line.
const play = `
    const engine = await createEngine();
    const farm = engine.newState('p-123', 1700000000000);
    farm.apply({ t: 1700000001000, type: 'shear', count: 20 });
    let refused = '';
    try { farm.apply({ t: 1700000002000, type: 'buy_building', building: 'lab', quantity: 1 }); }
    catch (e) { refused = e instanceof LlamawoolError ? e.code : 'wrong error type'; }
    console.log(JSON.stringify({ entry, hash: farm.hash, refused }));
`;

test('the tarball installs into a new project and plays there, through import and through require', () => {
  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  npm(['install', '--offline', join(work, 'llamawool-0.1.0.tgz')], app);
  writeFileSync(join(app, 'main.js'), `
    import { createEngine, LlamawoolError } from 'llamawool';
    const entry = import.meta.resolve('llamawool');
    ${play}
  `);
  writeFileSync(join(app, 'main.cjs'), `
    const { createEngine, LlamawoolError } = require('llamawool');
    const entry = require.resolve('llamawool');
    (async () => { ${play} })();
  `);
  const esm = JSON.parse(execFileSync('node', ['main.js'], { cwd: app, encoding: 'utf8' }));
  const cjs = JSON.parse(execFileSync('node', ['main.cjs'], { cwd: app, encoding: 'utf8' }));
  assert.equal(esm.entry, pathToFileURL(join(app, 'node_modules/llamawool/node.js')).href);
  assert.equal(cjs.entry, join(app, 'node_modules/llamawool/node.cjs'));
  assert.match(esm.hash, /^[0-9a-f]{16}$/);
  assert.equal(esm.refused, 'building_locked');
  assert.deepEqual({ ...cjs, entry: null }, { ...esm, entry: null });
});
