// The typings type-check: `tsc --noEmit --strict` over the package's declaration files and a client's
// usage of the API (tests/types/; lib es2022 alone, no DOM or Node typings), with the package installed by name so that tsc resolves it
// through package.json "exports" as a client's compiler would. skipLibCheck stays off, so the
// declaration files themselves are checked; every `@ts-expect-error` line must really be an error.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devtoolsModules, packageDir, requireDevtool } from './support.mjs';

const usageDir = join(dirname(fileURLToPath(import.meta.url)), 'types');
const tsc = join(devtoolsModules, 'typescript', 'bin', 'tsc');
const ts = requireDevtool('typescript');

const work = mkdtempSync(join(tmpdir(), 'llamawool-types-'));
after(() => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, 'node_modules'));
symlinkSync(packageDir, join(work, 'node_modules', 'llamawool'), 'dir');

// One client project: the usage files whose names match, and a tsconfig with these options.
function project(name, files, compilerOptions) {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const file of files) copyFileSync(join(usageDir, file), join(dir, file));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: false, noUnusedLocals: false, target: 'es2022', lib: ['es2022'],
      types: [], ...compilerOptions,
    },
    files,
  }, null, 2));
  return dir;
}

// The declaration file tsc takes for `from 'llamawool'` in this file of the project.
function resolvedTypings(dir, file) {
  const { options } = ts.parseJsonConfigFileContent(JSON.parse(ts.sys.readFile(join(dir, 'tsconfig.json'))), ts.sys, dir);
  const mode = file.endsWith('.cts') ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;  // as tsc takes it from the extension
  const { resolvedModule } = ts.resolveModuleName('llamawool', join(dir, file), options, ts.sys, undefined, undefined, mode);
  return resolvedModule && basename(resolvedModule.resolvedFileName);
}

function typeCheck(dir) {
  const run = spawnSync(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: (run.stdout + run.stderr).trim() };
}

const usages = readdirSync(usageDir).sort();

test('there are usage files for the ES module and the CommonJS entries', () => {
  assert.deepEqual(usages, ['usage.cts', 'usage.mts']);
});

test('tsc --strict accepts the typings and the ES module and CommonJS usage (Node resolution: module nodenext)', () => {
  const dir = project('nodenext', usages, { module: 'nodenext', moduleResolution: 'nodenext' });
  assert.equal(resolvedTypings(dir, 'usage.mts'), 'index.d.ts');
  assert.equal(resolvedTypings(dir, 'usage.cts'), 'index.d.cts');  // the "require" condition's types
  const { status, output } = typeCheck(dir);
  assert.equal(output, '');
  assert.equal(status, 0);
});

test('tsc --strict accepts them as a bundler (webpack) resolves the package (moduleResolution bundler)', () => {
  const dir = project('bundler', ['usage.mts'], { module: 'esnext', moduleResolution: 'bundler' });
  assert.equal(resolvedTypings(dir, 'usage.mts'), 'index.d.ts');
  const { status, output } = typeCheck(dir);
  assert.equal(output, '');
  assert.equal(status, 0);
});
