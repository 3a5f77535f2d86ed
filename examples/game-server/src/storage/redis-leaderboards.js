// Leaderboards in Redis sorted sets (REDIS_URL), in front of a storage that stays their source of
// truth (PostgreSQL: its players' score columns). withRedisLeaderboards(storage, redis) is the
// storage interface (storage.js) again: every method goes to the storage, and after a write has
// committed, the player's scores go to Redis; the leaderboard reads come from Redis while it holds
// the whole board, from the storage otherwise (docs/scaling.md).
//
// Redis is a copy, so it can be lost (a restart starts it empty, a write to it can fail): then it
// is rebuilt from the storage. Each player's entry carries the version of the save it came from,
// and a script applies an entry only if its version is newer, so the rebuild and the writes of
// every instance can land in any order and the newest version of each player wins. A key `built`
// says the board is whole: it is set at the end of a rebuild and is gone after a restart, which
// is how an instance finds Redis empty.
//
// Keys share the hash tag {lw} (one slot in a Redis cluster, as the scripts need). Scores are the
// negated values, so that ZRANGE's ascending order with ties by member in byte order is the
// storage's order (value descending, player id ascending); each board keeps the engine's text of
// its scores in a hash beside it.
import { BOARDS } from './storage.js';

export const KEY = {
  version: 'lw:{lw}:version',
  built: 'lw:{lw}:built',
  board: (board) => `lw:{lw}:board:${board}`,
  text: (board) => `lw:{lw}:text:${board}`,
};
const BOARD_KEYS = BOARDS.flatMap((b) => [KEY.board(b), KEY.text(b)]);
const CHECK_INTERVAL_MS = 2000;

// KEYS: version hash, then (board, text) per board. ARGV: player, version, then (score, text) per board.
const UPDATE = `
local known = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) <= known then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
for i = 0, (#KEYS - 1) / 2 - 1 do
  redis.call('ZADD', KEYS[2 + 2 * i], ARGV[3 + 2 * i], ARGV[1])
  redis.call('HSET', KEYS[3 + 2 * i], ARGV[1], ARGV[4 + 2 * i])
end
return 1`;
// KEYS: board, text. ARGV: first, last (0-based ranks). -> {ids, texts}
const TOP = `
local ids = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
if #ids == 0 then return {{}, {}} end
return {ids, redis.call('HMGET', KEYS[2], unpack(ids))}`;
// KEYS: board, text. ARGV: player, around. -> false | {rank0, total, score, from, ids, texts}
const RANK = `
local r = redis.call('ZRANK', KEYS[1], ARGV[1])
if not r then return false end
local from = math.max(0, r - tonumber(ARGV[2]))
local ids = redis.call('ZRANGE', KEYS[1], from, r + tonumber(ARGV[2]))
return {r, redis.call('ZCARD', KEYS[1]), redis.call('HGET', KEYS[2], ARGV[1]), from, ids, redis.call('HMGET', KEYS[2], unpack(ids))}`;

const VALUE_OF = {
  lifetimeValue: (s) => [Number(s.lifetimeValue), s.lifetimeValue],
  prestigeLevel: (s) => [s.prestigeLevel, String(s.prestigeLevel)],
  productionRate: (s) => [Number(s.valuePerSecond), s.valuePerSecond],
};
function entryArgs(playerId, version, scores) {
  const args = [playerId, version];
  for (const board of BOARDS) {
    const [value, text] = VALUE_OF[board](scores);
    args.push(value === 0 ? '0' : String(-value), text);  // String(): the shortest text that gives the double back
  }
  return args;
}

// redis: an ioredis client made with enableOfflineQueue: false (a command fails at once while
// Redis is away, instead of waiting in a queue) and a commandTimeout. hooks: onRebuilt({players,
// seconds}), onError(op, error).
export function withRedisLeaderboards(storage, redis, { onRebuilt = () => {}, onError = () => {} } = {}) {
  redis.defineCommand('lwUpdate', { numberOfKeys: 1 + BOARD_KEYS.length, lua: UPDATE });
  redis.defineCommand('lwTop', { numberOfKeys: 2, lua: TOP });
  redis.defineCommand('lwRank', { numberOfKeys: 2, lua: RANK });

  let whole = false;  // Redis holds every player's entry: reads may come from it
  let stale = false;  // an update failed since the last rebuild: rebuild when Redis answers again
  let rebuilding = null;

  const update = (playerId, version, scores) => redis.lwUpdate(KEY.version, ...BOARD_KEYS, ...entryArgs(playerId, version, scores));

  async function rebuild() {
    const started = process.hrtime.bigint();
    stale = false;
    let players = 0;
    let batch = redis.pipeline();
    for await (const { playerId, version, scores } of storage.allScores()) {
      batch.lwUpdate(KEY.version, ...BOARD_KEYS, ...entryArgs(playerId, version, scores));
      if (++players % 500 === 0) {
        await batch.exec();
        batch = redis.pipeline();
      }
    }
    await batch.exec();
    await redis.set(KEY.built, String(Date.now()));
    // An update that failed while this ran may not be in what it read: go again.
    if (stale) return rebuild();
    whole = true;
    onRebuilt({ players, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    return players;
  }
  // Checks that Redis holds the whole board (the key `built`, no failed update), and rebuilds it if not.
  function check() {
    rebuilding ??= (async () => {
      try {
        if (!stale && await redis.exists(KEY.built)) {
          whole = true;
        } else {
          whole = false;  // reads go to the storage while the board is rebuilt
          await rebuild();
        }
      } catch (error) {
        whole = false;
        stale = true;
        onError('rebuild', error);
      } finally {
        rebuilding = null;
      }
    })();
    return rebuilding;
  }
  // Checked when Redis (re)connects, and every CHECK_INTERVAL_MS: a Redis emptied without a
  // reconnection (FLUSHALL, eviction, a failover to an empty replica) is found within one
  // interval, and a rebuild that failed is tried again. One EXISTS per interval and instance.
  let opened = false;
  let timer = null;
  redis.on('ready', () => { if (opened) void check(); });
  redis.on('close', () => { whole = false; });

  // After the storage committed a write: the entry goes to Redis; if that fails the board is
  // rebuilt once Redis answers. The request's answer never depends on Redis.
  async function updated(playerId, version, scores) {
    try {
      await update(playerId, version, scores);
    } catch (error) {
      stale = true;
      whole = false;
      onError('update', error);
      if (redis.status === 'ready') void check();
    }
  }

  // The storage's own methods, bound (its private fields need it as `this`).
  const wrapped = {};
  for (const name of ['ping', 'playerIdByTokenHash', 'head', 'loadPlayer', 'findIdempotent', 'durable', 'onRollback', 'listSnapshots', 'snapshot', 'allScores']) {
    wrapped[name] = storage[name].bind(storage);
  }
  Object.defineProperty(wrapped, 'path', { get: () => storage.path });
  Object.assign(wrapped, {
    async open() {
      await storage.open();
      opened = true;  // the tables exist now: a rebuild can read them
      // Redis answering within 2 s, the boards are whole before the first request (a rebuild if
      // needed). Redis being away does not stop the start: the checks take over.
      await Promise.race([new Promise((resolve) => { if (redis.status === 'ready') resolve(); else redis.once('ready', resolve); }),
        new Promise((resolve) => { setTimeout(resolve, 2000).unref(); })]);
      if (redis.status === 'ready') await check();
      timer = setInterval(() => { if (redis.status === 'ready') void check(); }, CHECK_INTERVAL_MS);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      await rebuilding;
      redis.disconnect();
      await storage.close();
    },
    async createPlayer(args) {
      const r = await storage.createPlayer(args);
      if (r.version) await updated(args.playerId, r.version, args.scores);
      return r;
    },
    async writePlayer(args) {
      const r = await storage.writePlayer(args);
      if (r.version) await updated(args.playerId, r.version, args.scores);
      return r;
    },
    async leaderboardTop(board, limit, offset = 0) {
      if (!whole) return storage.leaderboardTop(board, limit, offset);
      try {
        const [ids, texts] = await redis.lwTop(KEY.board(board), KEY.text(board), offset, offset + limit - 1);
        return ids.map((playerId, i) => ({ rank: offset + i + 1, playerId, score: texts[i] }));
      } catch (error) {
        onError('read', error);
        return storage.leaderboardTop(board, limit, offset);
      }
    },
    async leaderboardRank(board, playerId, around) {
      if (whole) {
        try {
          const r = await redis.lwRank(KEY.board(board), KEY.text(board), playerId, around);
          // A player Redis does not know yet (its update is on its way): the storage answers.
          if (r) {
            const [rank0, total, score, from, ids, texts] = r;
            return { rank: rank0 + 1, total, score, around: ids.map((id, i) => ({ rank: from + i + 1, playerId: id, score: texts[i] })) };
          }
        } catch (error) {
          onError('read', error);
        }
      }
      return storage.leaderboardRank(board, playerId, around);
    },
    // Readiness: the storage must answer; Redis being away leaves the instance ready (the boards
    // come from the storage meanwhile), and is reported.
    async health() {
      const base = storage.health ? await storage.health() : { saves: (await storage.ping()) ? 'ok' : 'failed' };
      let state;
      try {
        state = (await redis.ping()) === 'PONG' ? (whole ? 'ok' : 'rebuilding') : 'failed';
      } catch (error) {
        state = `unavailable: ${error.message}`;
      }
      return { ...base, leaderboards: state };
    },
    // For the tests and the docs: whether the reads come from Redis now, and a rebuild on demand.
    leaderboardsFromRedis: () => whole,
    check,
  });
  return wrapped;
}
