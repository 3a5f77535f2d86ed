// What the package's tests share: where the built package, the sources and the native CLI are
// (ctest passes them in the environment, bindings/wasm/tests/CMakeLists.txt), and the golden
// fixtures (tests/data/golden, recorded by the C++ golden test).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through ctest (scripts/run-tests wasm)`);
  return value;
}

export const packageDir = required('LLAMAWOOL_WASM_PACKAGE');
export const sourceDir = required('LLAMAWOOL_SOURCE_DIR');
export const devtoolsModules = required('LLAMAWOOL_DEVTOOLS_MODULES');

// The package as a Node host sees it (its "node" entry).
export function importPackage() {
  return import(pathToFileURL(join(packageDir, 'node.js')).href);
}

// The native CLI the cross-check compares with. Missing is a failure, never a skip.
export function nativeCli() {
  const cli = required('LLAMAWOOL_NATIVE_CLI');
  if (!existsSync(cli)) {
    throw new Error(`the native CLI ${cli} does not exist: build the gcc-O2 preset first ` +
                    '(scripts/run-tests builds it before wasm), or set -DLLAMAWOOL_NATIVE_CLI=...');
  }
  return cli;
}

// Test tooling installed by scripts/install-deps (bindings/wasm/devtools).
export function requireDevtool(name) {
  if (!existsSync(join(devtoolsModules, name))) {
    throw new Error(`${name} is not installed in ${devtoolsModules}: run scripts/install-deps`);
  }
  return createRequire(join(devtoolsModules, '..', 'package.json'))(name);
}

export const goldenDir = join(sourceDir, 'tests', 'data', 'golden');

export function goldenFixtures() {
  return readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(goldenDir, file), 'utf8')) }));
}
