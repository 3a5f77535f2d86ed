// The check that the Redis leaderboards agree with PostgreSQL, their source of truth: every
// board holds exactly the players of the database, in the database's order, with the database's
// score texts, and each player's entry comes from the version of the save that is stored.
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { BOARDS } from '../src/storage/storage.js';
import { KEY } from '../src/storage/redis-leaderboards.js';
import { query } from './stores.mjs';

const ORDER = {
  lifetimeValue: 'lifetime_value DESC, player_id',
  prestigeLevel: 'prestige_level DESC, player_id',
  productionRate: 'production_rate DESC, player_id',
};
const TEXT = { lifetimeValue: 'lifetime_value_text', prestigeLevel: 'prestige_level::text', productionRate: 'production_rate_text' };

export async function boardsAgree(stores) {
  const redis = new Redis(stores.redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    assert.ok(await redis.exists(KEY.built), 'Redis says its leaderboards are not whole (no rebuild finished)');
    const versions = Object.fromEntries((await query(stores.databaseUrl, 'SELECT player_id, version FROM players')).map((r) => [r.player_id, String(r.version)]));
    assert.deepEqual(await redis.hgetall(KEY.version), versions, 'the version of each player\'s entry is the stored version');
    for (const board of BOARDS) {
      const rows = await query(stores.databaseUrl, `SELECT player_id, ${TEXT[board]} AS score FROM players ORDER BY ${ORDER[board]}`);
      const ids = await redis.zrange(KEY.board(board), 0, -1);
      const texts = ids.length ? await redis.hmget(KEY.text(board), ...ids) : [];
      assert.deepEqual(ids.map((id, i) => [id, texts[i]]), rows.map((r) => [r.player_id, r.score]), `board ${board}`);
    }
    return Object.keys(versions).length;
  } finally {
    redis.disconnect();
  }
}
