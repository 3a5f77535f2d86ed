// Where the llamawool npm package is: the one the wasm CMake preset assembles in the build tree
// (build/wasm/bindings/wasm/package), as the package's own tests find it, or LLAMAWOOL_WASM_PACKAGE.
// The server imports its Node entry (node.js), so it runs the very module the browser client runs.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export function packageDir() {
  return process.env.LLAMAWOOL_WASM_PACKAGE || join(repoRoot, 'build', 'wasm', 'bindings', 'wasm', 'package');
}

export async function importLlamawool() {
  const dir = packageDir();
  const entry = join(dir, 'node.js');
  if (!existsSync(entry) || !existsSync(join(dir, 'llamawool.wasm'))) {
    throw new Error(`the llamawool npm package is not built in ${dir}: run \`make server\`, or ` +
      '`cmake --preset wasm && cmake --build --preset wasm` from the repository root ' +
      '(or set LLAMAWOOL_WASM_PACKAGE to a built package folder)');
  }
  return import(pathToFileURL(entry).href);
}
