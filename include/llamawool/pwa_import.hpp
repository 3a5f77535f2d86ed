// Import of the Llama Wool Farm PWA's saves into a llamawool State (docs/rules.md §11,
// docs/pwa-import.md): its `GameSave` (version "1.0.0"), and the `VersionedGameState` that its
// SyncEngine keeps (the GameSave plus deviceId, syncMetadata and a checksum; version "1.0.0" until
// the first merge, "v<ms>_<random>" after it). The old `SaveData` of the Phaser SaveSystem holds
// no farm and is refused with a message that says so.
//
// Structural problems are errors: text that is not JSON (invalid_json), and a wrong version, a
// missing required field, a wrong type, a negative / NaN / infinite / out-of-range amount or a bad
// playerId (invalid_pwa_save, with a message naming the field and the value). Everything that the
// import does not map (unknown wool, building, upgrade or achievement ids, duplicated ids, fields
// the engine ignores, unknown fields) is never dropped silently: it is listed in `unmapped`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"

namespace llamawool {

// The version string of the GameSave format; a SyncEngine merge writes "v<ms>_<random>" instead.
inline constexpr std::string_view kPwaSaveVersion = "1.0.0";

// The upstream formats the importer tells apart (`PwaImport::format`, and its JSON name).
enum class PwaFormat {
    game_save,            // "GameSave": src/types/game.types.ts, version "1.0.0"
    versioned_game_state, // "VersionedGameState": the SyncEngine's wrapper, version "1.0.0"
    sync_merged,          // "VersionedGameState (sync-merged)": version "v<ms>_<random>"
};
const char* pwa_format_name(PwaFormat format);

// The SyncEngine's checksum of a VersionedGameState, recomputed (ChecksumValidator: upstream's
// 32-bit string hash of JSON.stringify with the sorted top-level keys as property list).
struct PwaChecksum {
    enum class Status { verified, mismatch, empty };
    Status status = Status::empty;
    std::string given;     // the document's `checksum`
    std::string computed;  // what the SyncEngine computes for the document
};
const char* pwa_checksum_status_name(PwaChecksum::Status status);

// One piece of the GameSave that did not become part of the State.
struct PwaUnmapped {
    std::string path;    // JSON path in the GameSave: "buildings.windmill", "purchasedUpgrades[3]"
    std::string value;   // the value there, as compact JSON text ("\"golden_scissors\"", "{\"level\":3}")
    std::string reason;  // why it was not mapped ("unknown upgrade; not imported")

    bool operator==(const PwaUnmapped&) const = default;
};

struct PwaImport {
    PwaFormat format = PwaFormat::game_save;
    std::optional<PwaChecksum> checksum;  // when the document has a `checksum` field
    State state;                        // a valid state: save_to_json / load_save round-trip it
    std::vector<PwaUnmapped> unmapped;  // in the order of the GameSave's text
    // Carried through untouched: the exact bytes of the value in the GameSave (outer whitespace
    // trimmed), or nothing when the GameSave has no such field. The engine never reads them.
    std::optional<std::string> goldenFleece;
    std::optional<std::string> settings;
};

struct PwaImportOptions {
    // The host's clock. When given, a lastSaveTime more than 5 s after it is an error (the
    // imported farm could take no action until the clock caught up with it).
    std::optional<std::int64_t> nowMs;
};

// Reads a GameSave or VersionedGameState. The State gets: playerId, wool (woolCounts; a missing
// entry is 0), buildings (each `level`; a missing entry is level 0),
// upgrades (purchasedUpgrades), achievements (unlockedAchievements, as given: never re-derived),
// soulShears, totalPrestiges, runValue = lifetimeValue = totalWoolProduced, playTimeMs (playTime),
// lastUpdateMs (lastSaveTime); and, as the GameSave has no such fields, createdMs = lastSaveTime,
// clickTokensMilli = a full burst (20000), totalClicks = 0.
Result<PwaImport> import_pwa_save(const Ruleset& rules, std::string_view json_text,
                                  const PwaImportOptions& options = {});

// The import as one JSON document for hosts:
//   {"save": <the llamawool save object>, "format": "GameSave",
//    "checksum": {"status": "verified", "given": ..., "computed": ...},   (only with a checksum)
//    "unmapped": [{"path": ..., "value": <JSON value>, "reason": ...}, ...],
//    "carried": {"goldenFleece": <bytes as in the GameSave>, "settings": <bytes as in the GameSave>}}
// "save" is left out when includeSave is false; a carried field the GameSave lacks is left out.
std::string pwa_import_to_json(const Ruleset& rules, const PwaImport& imported, bool includeSave = true);

}  // namespace llamawool
