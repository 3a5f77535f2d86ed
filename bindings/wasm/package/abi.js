// Calls into the C ABI (bindings/c/include/llamawool.h) of one instantiated WebAssembly module:
// UTF-8 strings in and out, out-parameters in a scratch block of wasm memory, and lw_result codes
// turned into LlamawoolError. Everything above this file deals only in JS values.
import { LlamawoolError } from './errors.js';

const LW_OK = 0;
const encoder = new TextEncoder();
// ignoreBOM: a string the engine returns is returned whole; by default a decoder drops a leading
// U+FEFF (a ruleset id that starts with one came back without it: the package's fuzz test).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export class Abi {
  constructor(module) {
    this.m = module;
    // One scratch block for out-parameters (pointers, int64, the 17-byte hex hash, lw_scores):
    // the module is single-threaded and every call reads its outputs before the next call.
    this.scratch = module._malloc(64);
  }

  // Views are re-read on every use: a memory growth replaces the buffer.
  get heap() { return this.m.HEAPU8; }

  // Copies a JS string into wasm memory as NUL-terminated UTF-8; the caller frees it.
  allocString(text) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: encode straight into wasm memory.
    const capacity = text.length * 3 + 1;
    const ptr = this.m._malloc(capacity);
    if (ptr === 0) throw new LlamawoolError('out_of_memory', 'cannot allocate ' + capacity + ' bytes');
    const { written } = encoder.encodeInto(text, this.heap.subarray(ptr, ptr + capacity - 1));
    this.heap[ptr + written] = 0;
    return ptr;
  }

  readString(ptr) {
    if (ptr === 0) return '';
    const heap = this.heap;
    return decoder.decode(heap.subarray(ptr, heap.indexOf(0, ptr)));  // indexOf: no JS loop per byte
  }

  // Runs fn(ptr) with `text` in wasm memory, freeing it afterwards.
  withString(text, fn) {
    const ptr = this.allocString(text);
    try { return fn(ptr); } finally { this.m._free(ptr); }
  }

  pointerAt(offset) { return new DataView(this.heap.buffer).getUint32(this.scratch + offset, true); }
  int64At(offset) { return new DataView(this.heap.buffer).getBigInt64(this.scratch + offset, true); }

  // An owned char* returned through the out-parameter at scratch: read, then lw_free.
  takeOwnedString(offset = 0) {
    const ptr = this.pointerAt(offset);
    try { return this.readString(ptr); } finally { this.m._lw_free(ptr); }
  }

  outPtr(offset = 0) { return this.scratch + offset; }

  codeName(code) { return this.readString(this.m._lw_errstr(code)); }

  // Throws the LlamawoolError of a failed call; `messageOf` reads the matching message
  // (lw_errmsg for constructors, lw_state_errmsg for calls on a state).
  check(code, messageOf) {
    if (code === LW_OK) return;
    throw new LlamawoolError(this.codeName(code), messageOf(), code);
  }

  lastMessage() { return this.readString(this.m._lw_errmsg()); }
  stateMessage(statePtr) { return this.readString(this.m._lw_state_errmsg(statePtr)); }
}
