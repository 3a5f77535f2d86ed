/*
 * llamawool.h - the C ABI of the llamawool engine (C99).
 *
 * A small, stable interface for hosts in any language (C, C++, Go, Rust, Python ctypes, Node FFI,
 * WebAssembly): opaque handles, integer result codes, JSON text in and out. docs/c-abi.md explains
 * the conventions; in short:
 *
 *  - Every fallible function returns an lw_result: LW_OK (0) or an LW_E... code. The numbers are
 *    part of the ABI and never change. lw_errstr(code) names a code; lw_errmsg() gives the message
 *    of the calling thread's last call, lw_state_errmsg(state) the message of the last call on a
 *    state ("" after a success).
 *  - Out-parameters come first. On failure every out-parameter is set to NULL / 0 (when the
 *    out-parameter pointer itself is not NULL), so there is nothing to free.
 *  - Owned outputs (char ** and handle **) belong to the caller: free text with lw_free(), engines
 *    with lw_engine_free(), states with lw_state_free(). Borrowed outputs (const char **) stay
 *    valid as long as the handle they came from and must not be freed.
 *  - lw_engine holds a ruleset; it is immutable and may be shared by any number of threads.
 *    lw_state is one player's farm; it belongs to one thread at a time (even for reading: it
 *    records its last error). A state keeps its engine's ruleset alive, so an engine may be freed
 *    before the states made from it.
 *  - Input text is UTF-8, NUL-terminated. Times are milliseconds (int64, in [0, 2^53)).
 *  - NULL or out-of-range arguments return LW_ENULL / LW_EINVALID_ARGUMENT; nothing crashes and
 *    no C++ exception ever crosses this interface.
 */
#ifndef LLAMAWOOL_H
#define LLAMAWOOL_H

#include <stddef.h>
#include <stdint.h>

/* LW_API marks the functions the shared library exports; nothing else is exported. */
#if defined(_WIN32)
#  if defined(LW_BUILDING_SHARED)
#    define LW_API __declspec(dllexport)
#  elif defined(LW_STATIC)
#    define LW_API
#  else
#    define LW_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define LW_API __attribute__((visibility("default")))
#else
#  define LW_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Version. The macros are those of the headers compiled against; lw_version() and
 * lw_version_number() those of the library linked (compare them to detect a mismatch).
 * The build checks that they equal the project's version (bindings/c/CMakeLists.txt).
 */
#define LW_VERSION_MAJOR 0
#define LW_VERSION_MINOR 1
#define LW_VERSION_PATCH 0
#define LW_VERSION_STRING "0.1.0"
/* major * 1000000 + minor * 1000 + patch */
#define LW_VERSION_NUMBER (LW_VERSION_MAJOR * 1000000 + LW_VERSION_MINOR * 1000 + LW_VERSION_PATCH)

LW_API const char *lw_version(void);
LW_API int lw_version_number(void);

/* ---------------------------------------------------------------------------------------------
 * Result codes. 1-27 are the engine's codes (their names are the snake_case names used in JSON
 * and docs/rules.md section 10); 100 and up are codes of this interface. Never renumbered.
 */
typedef int lw_result;
enum {
    LW_OK = 0,
    /* An action was refused (docs/rules.md section 10, in precedence order). */
    LW_EMALFORMED = 1,
    LW_EUNKNOWN_ACTION = 2,
    LW_ETIME_REGRESSION = 3,
    LW_ETIME_IN_FUTURE = 4,
    LW_EUNKNOWN_BUILDING = 5,
    LW_EUNKNOWN_UPGRADE = 6,
    LW_EINVALID_QUANTITY = 7,
    LW_EALREADY_OWNED = 8,
    LW_EBUILDING_LOCKED = 9,
    LW_EUPGRADE_LOCKED = 10,
    LW_EPRESTIGE_NOT_READY = 11,
    LW_ESOUL_SHEARS_MISMATCH = 12,
    LW_ERATE_LIMITED = 13,
    LW_EINSUFFICIENT_FUNDS = 14,
    LW_ECOST_MISMATCH = 15,
    /* A document or argument was refused. */
    LW_EINVALID_JSON = 16,
    LW_EINVALID_RULESET = 17,
    LW_EINVALID_SAVE = 18,
    LW_ERULESET_MISMATCH = 19,
    LW_ESTATE_HASH_MISMATCH = 20,
    LW_EINVALID_ARGUMENT = 21,
    LW_EINVALID_PWA_SAVE = 22,
    LW_EINVALID_KEY = 23,
    LW_EINVALID_SNAPSHOT = 24,
    LW_ESIGNATURE_MISMATCH = 25,
    LW_ECRYPTO = 26,
    LW_EINVALID_REQUEST = 27,
    /* Codes of the C interface itself. */
    LW_ENULL = 100,        /* a required pointer argument is NULL */
    LW_ENOMEM = 101,       /* out of memory */
    LW_EUNSUPPORTED = 102, /* not in this build (signing without libsodium, e.g. WebAssembly) */
    LW_EINTERNAL = 103     /* an unexpected internal failure (a bug: please report it) */
};

/* The static snake_case name of a code: "ok", "building_locked", "null_argument",
 * "out_of_memory", "unsupported", "internal_error"; "unknown_code" for any other number. */
LW_API const char *lw_errstr(lw_result code);

/* The message of the calling thread's last call that returned an lw_result ("" if it succeeded):
 * names the field and the value, e.g. "building: \"shears\" needs barn >= 5 (have 1)". Valid
 * until the thread's next call. Functions that have no state to hold their error (engine and
 * state constructors) report only here. */
LW_API const char *lw_errmsg(void);

/* Frees any text the library returned through a char ** out-parameter. NULL is a no-op. */
LW_API void lw_free(void *buffer);

/* ---------------------------------------------------------------------------------------------
 * Engines: a ruleset. Immutable; share one between threads.
 */
typedef struct lw_engine lw_engine;

/* The embedded default ruleset (llama-wool-farm/1). */
LW_API lw_result lw_engine_new_default(lw_engine **out_engine);
/* A ruleset document (LW_EINVALID_JSON, LW_EINVALID_RULESET naming the JSON path). */
LW_API lw_result lw_engine_new_from_json(lw_engine **out_engine, const char *ruleset_json);
/* NULL is a no-op. States made from the engine stay usable. */
LW_API void lw_engine_free(lw_engine *engine);
/* The ruleset id, e.g. "llama-wool-farm/1" (borrowed: valid while the engine lives). */
LW_API lw_result lw_engine_ruleset_id(const char **out_id, const lw_engine *engine);
/* The ruleset's live-ops events, in ruleset order, as a JSON array (owned): [{"id", "startMs",
 * "endMs", "effects": {"production", "prestige", "buildingCost", "offlineEfficiency"}}], each
 * effect present only when it changes something ("[]" for the default ruleset). */
LW_API lw_result lw_engine_events_json(char **out_events_json, const lw_engine *engine);

/* ---------------------------------------------------------------------------------------------
 * States: one player's farm, bound to the engine it was made with.
 */
typedef struct lw_state lw_state;

/* A new game at t_ms. player_id: 1-128 letters, digits or _ - . : (else LW_EINVALID_ARGUMENT). */
LW_API lw_result lw_state_new(lw_state **out_state, const lw_engine *engine, const char *player_id,
                              int64_t t_ms);
/* Loads a save document strictly (LW_EINVALID_JSON, LW_EINVALID_SAVE, LW_ERULESET_MISMATCH,
 * LW_ESTATE_HASH_MISMATCH). */
LW_API lw_result lw_state_load(lw_state **out_state, const lw_engine *engine, const char *save_json);
/* An independent copy, bound to the same engine. */
LW_API lw_result lw_state_copy(lw_state **out_state, lw_state *state);
/* NULL is a no-op. */
LW_API void lw_state_free(lw_state *state);
/* The message of the last call on this state ("" after a success); valid until the next call on
 * the state. NULL gives "". */
LW_API const char *lw_state_errmsg(const lw_state *state);

/* The canonical save document (owned: lw_free). */
LW_API lw_result lw_state_save(char **out_save_json, lw_state *state);
/* The state hash (docs/save-format.md) and the same as 16 lowercase hex digits plus NUL. */
LW_API lw_result lw_state_hash(uint64_t *out_hash, lw_state *state);
LW_API lw_result lw_state_hash_hex(char out_hex[17], lw_state *state);
/* Borrowed player id (valid until the next call that changes the state, or its free) and the
 * time of the last update. */
LW_API lw_result lw_state_player_id(const char **out_player_id, lw_state *state);
LW_API lw_result lw_state_last_update_ms(int64_t *out_ms, lw_state *state);

/* Imports a save of the PWA (a GameSave or the SyncEngine's VersionedGameState; docs/pwa-import.md)
 * into a new state bound to engine, with the import report (owned JSON: {"format", "checksum" when
 * the save has one, "unmapped", "carried"}). now_ms is the host's clock (a lastSaveTime more than
 * 5 s after it is refused) or LW_NO_CLOCK. A refused save is LW_EINVALID_JSON or LW_EINVALID_PWA_SAVE
 * with the message in lw_errmsg(); both outputs are then NULL. */
LW_API lw_result lw_pwa_import(lw_state **out_state, char **out_report_json, const lw_engine *engine,
                               const char *gamesave_json, int64_t now_ms);

/* ---------------------------------------------------------------------------------------------
 * Playing: actions and returning players. now_ms is the host's clock: an action or resume more
 * than 5 s after it is LW_ETIME_IN_FUTURE. Pass LW_NO_CLOCK to skip that check.
 */
#define LW_NO_CLOCK INT64_MIN

/* Applies one action object ({"t":..,"type":"shear","count":20}). On success the report
 * ({"status":"ok","advance":{..},..}, owned). A refused action returns its code (LW_EMALFORMED ..
 * LW_ECOST_MISMATCH; text that is not JSON is LW_EMALFORMED too), with the message in
 * lw_state_errmsg(), and leaves the state byte-identical. */
LW_API lw_result lw_state_apply(char **out_report_json, lw_state *state, const char *action_json,
                                int64_t now_ms);
/* The offline report of resuming at t_ms, committing nothing (owned JSON). */
LW_API lw_result lw_state_preview_resume(char **out_report_json, lw_state *state, int64_t t_ms);
/* Resumes at t_ms: the same report, and the state advances. Errors change nothing. */
LW_API lw_result lw_state_resume(char **out_report_json, lw_state *state, int64_t t_ms, int64_t now_ms);

/* What a UI draws, read-only (docs/view.md): the farm at at_ms as a tick would leave it, with each
 * wool's amount and rate, the multiplier breakdown, every building's level, prices for 1, 10 and
 * "max" levels (and the count max buys), locks with their requirement, every upgrade, the
 * achievements, pending Soul Shears and the prestige threshold, the active events and the offline
 * preview (owned JSON). The state is not changed. at_ms outside [0, 2^53) is LW_EINVALID_ARGUMENT,
 * before the state's last update LW_ETIME_REGRESSION, each message naming it (as the engine's
 * farm_view does: "atMs") and its value. */
LW_API lw_result lw_state_view_json(char **out_view_json, lw_state *state, int64_t at_ms);

/* ---------------------------------------------------------------------------------------------
 * Servers: sync and leaderboard scores (docs/sync.md).
 */
/* Sync outcomes (an int, so that the size is the same in every language). */
enum {
    LW_SYNC_ACCEPTED = 0, /* every action applied, claimedHash matches */
    LW_SYNC_DESYNC = 1,   /* every action applied, claimedHash differs: the client adopts the state */
    LW_SYNC_REJECTED = 2, /* an action was refused: the state stays at the last good action */
    LW_SYNC_REBASED = 3   /* the batch was built on a stale state */
};

/* Replays a sync request ({"baseHash","actions","claimedHash"}) on the trusted state, which it
 * updates, and gives the response document (owned) and, if out_outcome is not NULL, the outcome.
 * All four outcomes are LW_OK; a request that breaks its format is LW_EINVALID_REQUEST and changes
 * nothing. */
LW_API lw_result lw_state_sync(char **out_response_json, int *out_outcome, lw_state *state,
                               const char *request_json, int64_t now_ms);

typedef struct lw_scores {
    double lifetime_value;     /* value produced ever */
    double current_wool_value; /* value of the wool held now */
    int64_t prestige_level;    /* total prestiges */
    double soul_shears;
    double value_per_second;   /* with the events active at at_ms */
} lw_scores;

/* Leaderboard scores at at_ms, as a struct and as JSON (owned). */
LW_API lw_result lw_state_scores(lw_scores *out_scores, lw_state *state, int64_t at_ms);
LW_API lw_result lw_state_scores_json(char **out_scores_json, lw_state *state, int64_t at_ms);

/* ---------------------------------------------------------------------------------------------
 * Signed save snapshots (docs/signing.md). Keys are 64 hex digits. Native builds only: without
 * libsodium (the WebAssembly build) every function here returns LW_EUNSUPPORTED.
 */

/* A new random key as 64 lowercase hex digits (owned). */
LW_API lw_result lw_signing_key_generate(char **out_key_hex);
/* The signed snapshot document of the state (owned). */
LW_API lw_result lw_state_sign(char **out_snapshot, lw_state *state, const char *key_hex);
/* Checks a snapshot (LW_EINVALID_KEY, LW_EINVALID_SNAPSHOT, LW_ESIGNATURE_MISMATCH, or the save's
 * own code) and gives the state it holds, bound to engine. */
LW_API lw_result lw_state_verify(lw_state **out_state, const lw_engine *engine, const char *snapshot,
                                 const char *key_hex);

/* ---------------------------------------------------------------------------------------------
 * Batch kernels (docs/batch.md): many players at once, with SIMD, over columns the caller owns
 * (zero copy). Every player gets exactly the bits of the single-state functions. A column is an
 * array of `count` doubles, element i for player i; times, levels and counts are whole numbers
 * held exactly in doubles (below 2^53). Any alignment works. Errors go to lw_errmsg().
 */
#define LW_MAX_WOOL_TYPES 16
#define LW_MAX_BUILDINGS 16

typedef struct lw_batch_columns {
    size_t count;                               /* number of players */
    double *wool[LW_MAX_WOOL_TYPES];            /* units of wool type w (the ruleset's types only) */
    double *building_levels[LW_MAX_BUILDINGS];  /* level of building b (the ruleset's buildings only) */
    double *soul_shears;
    double *achievement_count;                  /* number of unlocked achievements */
    double *total_prestiges;
    /* The owned upgrades folded in ruleset order (lw_upgrade_effects): refresh on a purchase. */
    double *upgrade_production;
    double *upgrade_click;
    double *upgrade_building;
    double *upgrade_rare;
    double *upgrade_auto_clicks_per_second;
    double *upgrade_offline_efficiency;
    double *upgrade_offline_cap_ms;
    double *run_value;
    double *lifetime_value;
    double *last_update_ms;
    double *play_time_ms;
    double *click_tokens_milli;
} lw_batch_columns;

/* Optional per-player outputs of an advance; NULL columns are skipped. */
typedef struct lw_advance_columns {
    double *credited_ms;
    double *forfeited_ms;
    double *value_gained; /* what run_value grew by */
} lw_advance_columns;

typedef struct lw_rate_columns {
    double *rate[LW_MAX_WOOL_TYPES]; /* wool per second of type w; NULL columns are skipped */
    double *value_rate;              /* value per second */
} lw_rate_columns;

typedef struct lw_score_columns { /* as lw_scores; NULL columns are skipped */
    double *lifetime_value;
    double *current_wool_value;
    double *prestige_level;
    double *soul_shears;
    double *value_per_second;
} lw_score_columns;

/* Instruction sets. LW_ARCH_AUTOMATIC picks the best one this CPU runs, or the one named by the
 * environment variable LLAMAWOOL_BATCH_ARCH (sse2, sse4_2, avx2, avx512f, neon64, scalar). Asking
 * for a set the CPU cannot run is LW_EINVALID_ARGUMENT, never a silent fallback. x86-64 has sse2 ..
 * avx512f, AArch64 neon64; WebAssembly runs sse2, which Emscripten maps onto wasm SIMD128.
 * LW_ARCH_SCALAR (the same kernels one player at a time) runs in every build, on any CPU. */
enum {
    LW_ARCH_AUTOMATIC = 0,
    LW_ARCH_SSE2 = 1,
    LW_ARCH_SSE4_2 = 2,
    LW_ARCH_AVX2 = 3,
    LW_ARCH_AVX512F = 4,
    LW_ARCH_NEON64 = 5,
    LW_ARCH_SCALAR = 6
};

/* The static name of an instruction set ("sse2", ..., "automatic"). */
LW_API lw_result lw_batch_arch_name(const char **out_name, int arch);
/* The sets this library has kernels for and this CPU runs, worst first, into out_archs (room for
 * capacity entries; 8 is always enough); *out_count is how many there are. */
LW_API lw_result lw_batch_available_archs(int *out_archs, size_t *out_count, size_t capacity);
/* What LW_ARCH_AUTOMATIC (or a given set) runs here. */
LW_API lw_result lw_batch_resolve_arch(int *out_arch, int requested);

typedef struct lw_upgrade_effects {
    double production;
    double click;
    double building;
    double rare;
    double building_cost;
    double auto_clicks_per_second;
    double offline_efficiency;
    double offline_cap_ms;
} lw_upgrade_effects;

/* The folded effects of a set of owned upgrades (bit u: upgrade u of the ruleset), for hosts that
 * keep their own columns. */
LW_API lw_result lw_upgrade_effects_of(lw_upgrade_effects *out_effects, const lw_engine *engine,
                                       uint64_t owned_upgrades);
/* Writes a state into row `index` of the columns (derived columns included) / writes back into the
 * state the fields the kernels change (wool, run and lifetime value, last update, play time, click
 * tokens). The state must belong to `engine`'s ruleset. */
LW_API lw_result lw_batch_load_player(const lw_batch_columns *columns, size_t index, lw_state *state);
LW_API lw_result lw_batch_store_player(lw_state *state, const lw_batch_columns *columns, size_t index);

/* Advances player i to to_ms[i] (lw_batch_advance) or everybody to to_ms (lw_batch_advance_to),
 * with the online and offline rules, exactly as a single state advances. A target that is not a
 * whole number in [last_update_ms, 2^53), or a NULL column the kernel needs, is
 * LW_EINVALID_ARGUMENT naming the player or column, and nothing changes. report may be NULL. */
LW_API lw_result lw_batch_advance(const lw_advance_columns *report, const lw_engine *engine,
                                  const lw_batch_columns *columns, const double *to_ms, int arch);
LW_API lw_result lw_batch_advance_to(const lw_advance_columns *report, const lw_engine *engine,
                                     const lw_batch_columns *columns, int64_t to_ms, int arch);
/* Production rates, pending soul shears and leaderboard scores of every player at at_ms. */
LW_API lw_result lw_batch_production_rates(const lw_rate_columns *out, const lw_engine *engine,
                                           const lw_batch_columns *columns, int64_t at_ms, int arch);
LW_API lw_result lw_batch_pending_soul_shears(double *out, const lw_engine *engine,
                                              const lw_batch_columns *columns, int64_t at_ms, int arch);
LW_API lw_result lw_batch_scores(const lw_score_columns *out, const lw_engine *engine,
                                 const lw_batch_columns *columns, int64_t at_ms, int arch);

#ifdef __cplusplus
}
#endif

#endif /* LLAMAWOOL_H */
