// The farm's storage in IndexedDB (through `idb`): one database per origin, two object stores.
//
//   farm   'current'  the save the player sees (text, the engine's save document)
//          'base'     the save the server is known to have (before registration: the genesis)
//          'genesis'  {playerId, t0, pwaSave}: how the farm began (registration sends pwaSave)
//          'account'  {playerId, token} once registered
//          'clock'    {offsetMs, known}
//          'inflight' {key, firstSeq, lastSeq}: the batch sent and not yet answered
//   queue  seq -> {seq, action, hashAfter}: the actions played on 'base' to reach 'current', in
//          order, each with the state hash after it (a batch's claimedHash is its last one's)
//
// Every change of the farm is one transaction over both stores, so the save and the queue always
// agree (README, "Persistence").
import { openDB } from 'idb';

export const DB_NAME = 'llamawool';
const DB_VERSION = 1;

export class Store {
  #db;
  constructor(db) { this.#db = db; }

  static async open(name = DB_NAME) {
    const db = await openDB(name, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('farm');
        database.createObjectStore('queue', { keyPath: 'seq' });
      },
    });
    return new Store(db);
  }

  /** Everything, in one read transaction. */
  async load() {
    const tx = this.#db.transaction(['farm', 'queue'], 'readonly');
    const farm = tx.objectStore('farm');
    const [current, base, genesis, account, clock, inflight, queue] = await Promise.all([
      farm.get('current'), farm.get('base'), farm.get('genesis'), farm.get('account'), farm.get('clock'),
      farm.get('inflight'), tx.objectStore('queue').getAll(),
    ]);
    await tx.done;
    return { current, base, genesis, account, clock, inflight, queue };
  }

  /**
   * One atomic change: put {key: value} into farm (undefined deletes the key); clearQueue;
   * deleteQueue [fromSeq, toSeq]; addQueue entries.
   */
  async write({ put = {}, clearQueue = false, deleteQueue = null, addQueue = [] }) {
    const tx = this.#db.transaction(['farm', 'queue'], 'readwrite');
    const farm = tx.objectStore('farm');
    const queue = tx.objectStore('queue');
    const ops = [];
    for (const [key, value] of Object.entries(put)) ops.push(value === undefined ? farm.delete(key) : farm.put(value, key));
    if (clearQueue) ops.push(queue.clear());
    if (deleteQueue) ops.push(queue.delete(IDBKeyRange.bound(deleteQueue[0], deleteQueue[1])));
    for (const entry of addQueue) ops.push(queue.put(entry));
    await Promise.all([...ops, tx.done]);
  }

  close() { this.#db.close(); }
}
