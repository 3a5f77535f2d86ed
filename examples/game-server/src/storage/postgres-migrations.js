// The PostgreSQL schema, as migrations applied in order, each once (postgres.js records them in
// schema_migrations). Never edit a migration that has shipped: add the next one.
//
// Player ids are compared byte by byte (COLLATE "C"), as SQLite and Redis compare them, so ties
// on a leaderboard are broken the same way in every store, whatever the database's locale.
export const MIGRATIONS = [
  // 1: the tables of the SQLite storage (sqlite.js), in PostgreSQL's types.
  `CREATE TABLE players (
    player_id text COLLATE "C" PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    version integer NOT NULL,
    state_hash text NOT NULL,
    save text NOT NULL,
    created_ms bigint NOT NULL,
    updated_ms bigint NOT NULL,
    lifetime_value double precision NOT NULL,
    lifetime_value_text text NOT NULL,
    prestige_level integer NOT NULL,
    production_rate double precision NOT NULL,
    production_rate_text text NOT NULL,
    import_report text
  );
  CREATE INDEX players_lifetime_value ON players (lifetime_value DESC, player_id);
  CREATE INDEX players_prestige_level ON players (prestige_level DESC, player_id);
  CREATE INDEX players_production_rate ON players (production_rate DESC, player_id);
  CREATE TABLE snapshots (
    player_id text COLLATE "C" NOT NULL,
    slot integer NOT NULL,
    version integer NOT NULL,
    created_ms bigint NOT NULL,
    state_hash text NOT NULL,
    signed boolean NOT NULL,
    doc text NOT NULL,
    PRIMARY KEY (player_id, slot)
  );
  -- The answers of a player's last writes, for retries: a ring of slots, the record of version v in
  -- slot v % ring size (sqlite.js says why a ring).
  CREATE TABLE idempotency_ring (
    player_id text COLLATE "C" NOT NULL,
    slot integer NOT NULL,
    key text NOT NULL,
    version integer NOT NULL,
    request_digest text NOT NULL,
    status integer NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (player_id, slot)
  );`,
];
