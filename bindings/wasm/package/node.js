// Node's entry: the same API as index.js, with the .wasm bytes read from next to this file (the
// browser glue would fetch() a file: URL, which Node's fetch refuses).
import { readFileSync } from 'node:fs';
import { createEngine as createEngineWithBytes } from './index.js';

export { Engine, GameState, LlamawoolError, PlayerBatch } from './index.js';

let wasmBytes = null;

export async function createEngine(options = {}) {
  if (options.wasmBinary) return createEngineWithBytes(options);
  wasmBytes ??= readFileSync(new URL('./llamawool.wasm', import.meta.url));
  return createEngineWithBytes({ ...options, wasmBinary: wasmBytes });
}
