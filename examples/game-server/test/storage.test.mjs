// The SQLite storage on its own (no server): the idempotency records a player keeps. README.md
// ("Sync, versions and idempotency") promises that the answers of the last 64 writes can be
// replayed; the records are pruned only every PRUNE_EVERY-th version, so a bound holds above too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRUNE_EVERY, SqliteStorage } from '../src/storage/sqlite.js';
import { tempDir } from './support.mjs';

const KEPT = 64;
const scores = { lifetimeValue: '0', prestigeLevel: 0, valuePerSecond: '0' };

test(`idempotency records: the last ${KEPT} writes are always kept, none older than the last ${KEPT} + PRUNE_EVERY - 1`, async () => {
  const storage = new SqliteStorage({ dataDir: tempDir(), synchronous: 'normal', idempotencyKept: KEPT });
  await storage.open();
  const player = { playerId: 'p-1', save: '{}', stateHash: '0000000000000000', scores, nowMs: 1 };
  await storage.createPlayer({ ...player, tokenHash: 'h', importReport: null, snapshot: { doc: '{}', signed: false } });
  let version = 1;
  const key = (v) => `batch:${v}`;
  for (let i = 0; i < 5 * PRUNE_EVERY + KEPT; ++i) {
    // Every fifth write is one without a record (a resume): the pruning must not depend on it.
    const idempotency = i % 5 === 4 ? undefined : { key: key(version + 1), requestDigest: 'd', status: 200, body: '{}' };
    const written = await storage.writePlayer({ ...player, expectedVersion: version, idempotency });
    await storage.durable();
    version = written.version;
    for (let v = 2; v <= version; ++v) {
      const found = await storage.findIdempotent('p-1', key(v));
      if (v > version - KEPT && (v - 2) % 5 !== 4) assert.ok(found, `version ${version}: the record of version ${v} is kept`);
      if (v <= version - (KEPT + PRUNE_EVERY - 1)) assert.equal(found, null, `version ${version}: the record of version ${v} is pruned`);
    }
  }
  await storage.close();
});
