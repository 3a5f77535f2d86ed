#!/usr/bin/env node
// Builds the page into OUT_DIR (default dist/): `node build.mjs [OUT_DIR]`. CMake runs it in the
// wasm preset (target phaser_client) on every build: it rebuilds only when an input changed (the
// sources, the npm package it bundles, the lockfile, LLAMAWOOL_RULESET), recorded in
// OUT_DIR/.inputs.sha256. Its dependencies come from scripts/install-deps (npm ci of
// package-lock.json): missing is an error with its remedy.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv.length > 3 || process.argv[2]?.startsWith('-')) {
  console.error('usage: node build.mjs [OUT_DIR]');
  process.exit(2);
}
for (const dep of ['vite', 'phaser', 'idb']) {
  if (!existsSync(join(here, 'node_modules', dep, 'package.json'))) {
    console.error(`phaser-client: ${join(here, 'node_modules')} is not installed (no ${dep}): run scripts/install-deps (or npm ci in examples/phaser-client)`);
    process.exit(1);
  }
}
const outDir = resolve(process.argv[2] ?? join(here, 'dist'));
const { packageDir } = await import('./vite.config.js');

function files(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const inputs = [
  ...files(join(here, 'src')), ...files(join(here, 'public')),
  ...['index.html', 'vite.config.js', 'build.mjs', 'package-lock.json'].map((f) => join(here, f)),
  ...(existsSync(packageDir()) ? files(packageDir()) : []),
  ...(process.env.LLAMAWOOL_RULESET ? [resolve(process.env.LLAMAWOOL_RULESET)] : []),
];
const hash = createHash('sha256');
for (const file of inputs) hash.update(relative(here, file)).update('\0').update(readFileSync(file)).update('\0');
const digest = hash.digest('hex');
const stamp = join(outDir, '.inputs.sha256');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && existsSync(join(outDir, 'sw.js'))) {
  console.log(`phaser-client: ${outDir} is up to date`);
  process.exit(0);
}

process.env.LLAMAWOOL_CLIENT_OUT = outDir;
const { build } = await import('vite');
try {
  await build({ configFile: join(here, 'vite.config.js'), logLevel: 'warn' });
} catch (error) {
  console.error(`phaser-client: the build failed: ${error.message}`);
  process.exit(1);
}
writeFileSync(stamp, digest);
console.log(`phaser-client: built into ${outDir}`);
