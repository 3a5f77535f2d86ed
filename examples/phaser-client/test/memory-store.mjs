// src/store.js's interface over a Map, for the sync tests in Node (no IndexedDB there). Values are
// copied in and out, as IndexedDB's structured clone does, so a test sees only what was written.
export class MemoryStore {
  farm = new Map();
  queue = new Map();
  writes = 0;

  async load() {
    const get = (k) => structuredClone(this.farm.get(k));
    return {
      current: get('current'), base: get('base'), genesis: get('genesis'), account: get('account'), clock: get('clock'),
      inflight: get('inflight'),
      queue: [...this.queue.keys()].sort((a, b) => a - b).map((k) => structuredClone(this.queue.get(k))),
    };
  }

  async write({ put = {}, clearQueue = false, deleteQueue = null, addQueue = [] }) {
    this.writes += 1;
    for (const [key, value] of Object.entries(put)) {
      if (value === undefined) this.farm.delete(key);
      else this.farm.set(key, structuredClone(value));
    }
    if (clearQueue) this.queue.clear();
    if (deleteQueue) for (const k of [...this.queue.keys()]) if (k >= deleteQueue[0] && k <= deleteQueue[1]) this.queue.delete(k);
    for (const entry of addQueue) this.queue.set(entry.seq, structuredClone(entry));
  }

  /** A second device's copy of this one's storage (the same player, account and queue). */
  clone() {
    const other = new MemoryStore();
    for (const [k, v] of this.farm) other.farm.set(k, structuredClone(v));
    for (const [k, v] of this.queue) other.queue.set(k, structuredClone(v));
    return other;
  }
}
