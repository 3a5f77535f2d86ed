// The storage interface of the game server. SQLite (sqlite.js) and PostgreSQL (postgres.js)
// implement it; redis-leaderboards.js wraps the PostgreSQL one with leaderboards in Redis
// (docs/scaling.md). Nothing above this file may know which store it talks to. Every method is
// async (a network store needs it).
//
// Consistency model:
// - A player's row has a `version` that every write increases by one. writePlayer is a
//   compare-and-swap on it: it applies only if the stored version is still `expectedVersion`,
//   and otherwise answers {conflict: true} and changes nothing. Two server processes (or two
//   requests) that both read version v can therefore never both write v+1: the loser re-reads
//   and replays its batch on the winner's state, which the engine answers `rebased`.
// - A write is atomic: the player's row, its snapshot and the idempotency record of the request
//   that made it are written together or not at all.
// - A write's promise settles once the write is committed (the SQLite storage commits the writes
//   of one turn of the event loop together), with its result; the answer then waits for
//   durable().
// - durable() resolves once every write issued so far is durable (on disk, committed); the
//   server answers a request only after it. If the write could not be made durable it rejects,
//   and the store reports the players concerned through onRollback, whose cached states the
//   server then drops.
//
// Methods:
//   open(), close(), ping()
//   createPlayer({playerId, tokenHash, save, stateHash, scores, nowMs, importReport, snapshot})
//       -> {version: 1} | {exists: true}
//   playerIdByTokenHash(tokenHash) -> playerId | null
//   head(playerId) -> {version, stateHash} | null
//   loadPlayer(playerId) -> {playerId, version, stateHash, save} | null
//   findIdempotent(playerId, key) -> {requestDigest, status, body} | null
//   writePlayer({playerId, expectedVersion, save, stateHash, scores, nowMs, snapshot, idempotency})
//       -> {version} | {conflict: true}
//   durable() -> Promise<void>
//   onRollback(callback(playerIds))
//   leaderboardTop(board, limit) -> [{rank, playerId, score}]
//   leaderboardRank(board, playerId, around) -> {rank, total, score, around: [...]} | null
//   listSnapshots(playerId) -> [{version, createdMs, stateHash, signed}]   (newest first)
//   snapshot(playerId, version) -> the stored snapshot document (text) | null
//   health() -> {saves: 'ok', leaderboards: ...}   (optional; /readyz calls ping() without it)
//   allScores() -> async iterator of {playerId, version, scores}   (PostgreSQL: what Redis is rebuilt from)
//
// `scores` is the engine's leaderboard scores ({lifetimeValue, prestigeLevel, valuePerSecond,
// ...}); `snapshot` is {doc, signed} (doc: the signed snapshot document, or the save itself when
// the server has no key), given when the server wants this version kept as a backup (the last
// `snapshotsKept` are kept); `idempotency` is {key, requestDigest, status, body}.

export const BOARDS = ['lifetimeValue', 'prestigeLevel', 'productionRate'];
