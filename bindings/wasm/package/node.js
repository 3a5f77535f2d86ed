// Node's entry: the same API as index.js, with the .wasm bytes read from next to this file (the
// browser glue would fetch() a file: URL, which Node's fetch refuses).
import { readFileSync } from 'node:fs';
import { createEngine as createEngineWithBytes } from './index.js';
import { LlamawoolError } from './errors.js';
import { options } from './args.js';

export { Engine, GameState, LlamawoolError, PlayerBatch } from './index.js';

let wasmBytes = null;

function packageWasm() {
  const url = new URL('./llamawool.wasm', import.meta.url);
  try {
    return readFileSync(url);
  } catch (error) {
    const e = new LlamawoolError('load_failed', `cannot read ${url.pathname}: ${error.message}`);
    e.cause = error;
    throw e;
  }
}

export async function createEngine(engineOptions) {
  const { wasmBinary, rulesetJson } = options(engineOptions, 'options', ['wasmBinary', 'rulesetJson']);
  if (wasmBinary !== undefined) return createEngineWithBytes({ wasmBinary, rulesetJson });
  wasmBytes ??= packageWasm();
  return createEngineWithBytes({ wasmBinary: wasmBytes, rulesetJson });
}
