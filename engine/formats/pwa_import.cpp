// Import of the PWA's current save, the GameSave of version "1.0.0" (docs/rules.md §11,
// docs/pwa-import.md): a strict structural check, the field mapping onto a State, a report of
// everything that was not mapped, and goldenFleece/settings carried through byte for byte.
#include <cmath>

#include <fmt/format.h>

#include "rules/limits.hpp"
#include "json_fields.hpp"
#include "llamawool/pwa_import.hpp"
#include "pwa_checksum.hpp"
#include "llamawool/save.hpp"

namespace llamawool {
namespace {

using detail::ErrorSink;
using detail::Json;
using detail::ObjectReader;


// The top-level fields of the GameSave that the import reads or carries.
constexpr std::string_view kMappedFields[] = {
    "version",          "playerId",          "woolCounts",    "soulShears",     "buildings",
    "purchasedUpgrades", "unlockedAchievements", "totalWoolProduced", "totalPrestiges", "playTime",
    "lastSaveTime",     "goldenFleece",      "settings"};

// The fields the SyncEngine adds to a GameSave (upstream src/systems/sync/SyncEngine.ts,
// interface VersionedGameState). Any one of them makes the document a VersionedGameState.
constexpr std::string_view kVersionedFields[] = {"deviceId", "syncMetadata", "checksum"};

// "v<ms>_<random>": VersionControl.generateVersion(), `v${Date.now()}_${Math.random()
// .toString(36).substr(2, 9)}` (the random part may be shorter than 9 when the draw ends early).
bool is_sync_version(std::string_view v) {
    if (v.size() < 4 || v[0] != 'v') return false;
    std::size_t i = 1;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == 1 || i > 17 || i >= v.size() || v[i] != '_') return false;
    const std::size_t random = v.size() - i - 1;
    if (random < 1 || random > 16) return false;
    for (++i; i < v.size(); ++i)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'z'))) return false;
    return true;
}

bool is_mapped_field(std::string_view key) {
    for (std::string_view k : kMappedFields)
        if (k == key) return true;
    return false;
}

// Why a top-level field that the import does not read is left out.
std::string top_level_reason(std::string_view key) {
    if (key == "timestamp") return "ignored: lastSaveTime is the time of the save";
    if (key == "deviceId") return "ignored: the SyncEngine's device id";
    if (key == "syncMetadata") return "ignored: the SyncEngine's sync bookkeeping";
    return "unknown field; not imported";
}

std::string checksum_reason(const PwaChecksum& c) {
    switch (c.status) {
        case PwaChecksum::Status::verified: return "verified: it is the SyncEngine checksum of this save";
        case PwaChecksum::Status::empty: return "empty (a SyncEngine state never merged): nothing to verify";
        case PwaChecksum::Status::mismatch:
            break;
    }
    return fmt::format("MISMATCH: the SyncEngine checksum of this save is \"{}\": it was changed after the "
                       "checksum was written",
                       c.computed);
}

// Why a field of a known building other than `level` is left out. The PWA writes its whole
// Building object (type, level, baseCost, costMultiplier, baseProduction, productionMultiplier,
// description, unlocked); only the level is player progress.
std::string building_field_reason(std::string_view key) {
    if (key == "unlocked") return "ignored: the engine derives what is unlocked from the ruleset";
    if (key == "type") return "ignored: the building is the one named by its key";
    if (key == "baseCost" || key == "costMultiplier" || key == "baseProduction" || key == "productionMultiplier" ||
        key == "description")
        return "ignored: the ruleset defines the building's properties";
    return "unknown per-building field; not imported";
}

// ------------------------------------------------------------------------------------------------
// Exact source text of the top-level members, for the fields carried through untouched. The text
// has already been parsed successfully, so this scanner only has to find where values end.

struct RawMember {
    std::string key;
    std::string_view raw;
};

class RawScanner {
public:
    explicit RawScanner(std::string_view text) : t_(text) {}

    std::vector<RawMember> top_level_members() {
        std::vector<RawMember> members;
        if (t_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a UTF-8 byte order mark, as the parser allows
        skip_ws();
        if (!eat('{')) return members;
        skip_ws();
        if (eat('}')) return members;
        while (i_ < t_.size() && t_[i_] == '"') {
            const std::size_t keyStart = i_;
            skip_string();
            const std::string_view keyToken = t_.substr(keyStart, i_ - keyStart);
            skip_ws();
            if (!eat(':')) break;
            skip_ws();
            const std::size_t valueStart = i_;
            skip_value();
            members.push_back({decode_key(keyToken), t_.substr(valueStart, i_ - valueStart)});
            skip_ws();
            if (!eat(',')) break;
            skip_ws();
        }
        return members;
    }

private:
    static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
    void skip_ws() {
        while (i_ < t_.size() && is_ws(t_[i_])) ++i_;
    }
    bool eat(char c) {
        if (i_ < t_.size() && t_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    void skip_string() {  // at the opening quote
        ++i_;
        while (i_ < t_.size()) {
            const char c = t_[i_];
            if (c == '\\') {
                i_ += 2;
            } else {
                ++i_;
                if (c == '"') return;
            }
        }
        i_ = t_.size();
    }
    void skip_value() {
        if (i_ >= t_.size()) return;
        const char c = t_[i_];
        if (c == '"') {
            skip_string();
        } else if (c == '{' || c == '[') {
            int depth = 0;
            while (i_ < t_.size()) {
                const char d = t_[i_];
                if (d == '"') {
                    skip_string();
                    continue;
                }
                ++i_;
                if (d == '{' || d == '[') ++depth;
                if ((d == '}' || d == ']') && --depth == 0) return;
            }
        } else {
            while (i_ < t_.size() && !is_ws(t_[i_]) && t_[i_] != ',' && t_[i_] != '}' && t_[i_] != ']') ++i_;
        }
    }
    static std::string decode_key(std::string_view token) {
        auto parsed = detail::parse_json(token, "key", ErrorCode::invalid_pwa_save);
        if (parsed.ok() && parsed.value().is_string()) return parsed.value().get<std::string>();
        return std::string(token);
    }

    std::string_view t_;
    std::size_t i_ = 0;
};

// The exact text of the last top-level member named `key` (the parser also keeps the last one).
std::optional<std::string> raw_member(const std::vector<RawMember>& members, std::string_view key) {
    std::optional<std::string> raw;
    for (const RawMember& m : members)
        if (m.key == key) raw = std::string(m.raw);
    return raw;
}

// ------------------------------------------------------------------------------------------------
// Reading

// playTime: whole ms. The PWA adds frame times to it, which may leave a fraction of a millisecond;
// that fraction is dropped (the report pass lists it).
std::optional<std::int64_t> read_play_time(ObjectReader& r, std::string_view key) {
    const Json* v = r.field(key);
    if (!v) return std::nullopt;
    if (v->is_number_integer() || v->is_number_unsigned()) return r.integer(key, 0, limits::kMaxTimeMs);
    if (v->is_number_float()) {
        const double x = v->get<double>();
        if (std::isfinite(x) && x >= 0 && x < limits::kTimeLimitMs) return static_cast<std::int64_t>(std::floor(x));
    }
    r.fail(key, fmt::format("must be a number of milliseconds in [0, 2^53), got {}", detail::json_excerpt(*v)));
    return std::nullopt;
}

// An array of upgrade or achievement ids: every element must be a string. Known ids set their bit;
// unknown and duplicated ones are left to the report pass.
template <class Find>
std::uint64_t read_ids(ObjectReader& r, std::string_view key, Find find) {
    const Json* arr = r.array(key);
    if (!arr) return 0;
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const Json& v = (*arr)[i];
        if (!v.is_string()) {
            r.sink().fail(detail::index_path(std::string(key), i),
                          fmt::format("must be a string, got {} {}", detail::json_type_phrase(v), detail::json_excerpt(v)));
            return 0;
        }
        const int index = find(v.get_ref<const std::string&>());
        if (index >= 0) mask |= std::uint64_t{1} << index;
    }
    return mask;
}

// ------------------------------------------------------------------------------------------------
// The report pass: runs on a document that passed every check, in the order of its text.

class Reporter {
public:
    Reporter(const Ruleset& rules, const PwaImport& imported, std::vector<PwaUnmapped>& out)
        : rules_(rules), imported_(imported), out_(out) {}

    void run(const Json& doc) {
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            const std::string& key = it.key();
            const Json& v = it.value();
            if (key == "version" && imported_.format == PwaFormat::sync_merged) {
                add(key, v, "ignored: the version a SyncEngine merge writes; the fields are those of GameSave 1.0.0");
            } else if (key == "checksum" && imported_.checksum) {
                add(key, v, checksum_reason(*imported_.checksum));
            } else if (key == "woolCounts") {
                wool(v);
            } else if (key == "buildings") {
                buildings(v);
            } else if (key == "purchasedUpgrades") {
                ids(v, key, "upgrade", [&](const std::string& id) { return rules_.find_upgrade(id); });
            } else if (key == "unlockedAchievements") {
                ids(v, key, "achievement", [&](const std::string& id) { return rules_.find_achievement(id); });
            } else if (key == "playTime") {
                play_time(v);
            } else if (!is_mapped_field(key)) {
                add(key, v, top_level_reason(key));
            }
        }
    }

private:
    void add(std::string path, const Json& value, std::string reason) {
        out_.push_back({std::move(path), value.dump(), std::move(reason)});
    }

    void wool(const Json& counts) {
        for (auto it = counts.begin(); it != counts.end(); ++it)
            if (rules_.find_wool(it.key()) < 0) add(detail::join_path("woolCounts", it.key()), it.value(), "unknown wool type; not imported");
        for (const WoolType& w : rules_.wool)
            if (!counts.contains(w.id)) add(detail::join_path("woolCounts", w.id), Json(nullptr), "missing; imported as 0");
    }

    void buildings(const Json& all) {
        for (auto it = all.begin(); it != all.end(); ++it) {
            const std::string path = detail::join_path("buildings", it.key());
            if (rules_.find_building(it.key()) < 0) {
                add(path, it.value(), "unknown building; not imported");
                continue;
            }
            const Json& b = it.value();
            for (auto f = b.begin(); f != b.end(); ++f)
                if (f.key() != "level") add(detail::join_path(path, f.key()), f.value(), building_field_reason(f.key()));
        }
        for (const Building& b : rules_.buildings)
            if (!all.contains(b.id)) add(detail::join_path("buildings", b.id), Json(nullptr), "missing; imported as level 0");
    }

    template <class Find>
    void ids(const Json& arr, const std::string& key, const char* what, Find find) {
        std::uint64_t seen = 0;
        std::size_t firstAt[64] = {};
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const std::string& id = arr[i].get_ref<const std::string&>();
            const std::string path = detail::index_path(key, i);
            const int index = find(id);
            if (index < 0) {
                add(path, arr[i], fmt::format("unknown {}; not imported", what));
            } else if ((seen >> index) & 1u) {
                add(path, arr[i], fmt::format("duplicate of {}; imported once", detail::index_path(key, firstAt[index])));
            } else {
                seen |= std::uint64_t{1} << index;
                firstAt[index] = i;
            }
        }
    }

    void play_time(const Json& v) {
        if (!v.is_number_float()) return;
        const double x = v.get<double>();
        if (std::floor(x) != x)
            add("playTime", v,
                fmt::format("fraction of a millisecond dropped: playTimeMs is {}", static_cast<std::int64_t>(std::floor(x))));
    }

    const Ruleset& rules_;
    const PwaImport& imported_;
    std::vector<PwaUnmapped>& out_;
};

}  // namespace

const char* pwa_format_name(PwaFormat format) {
    switch (format) {
        case PwaFormat::game_save: return "GameSave";
        case PwaFormat::versioned_game_state: return "VersionedGameState";
        case PwaFormat::sync_merged: return "VersionedGameState (sync-merged)";
    }
    return "GameSave";
}

const char* pwa_checksum_status_name(PwaChecksum::Status status) {
    switch (status) {
        case PwaChecksum::Status::verified: return "verified";
        case PwaChecksum::Status::mismatch: return "mismatch";
        case PwaChecksum::Status::empty: return "empty";
    }
    return "empty";
}

Result<PwaImport> import_pwa_save(const Ruleset& rules, std::string_view text, const PwaImportOptions& options) {
    auto parsed = detail::parse_json(text, "GameSave", ErrorCode::invalid_pwa_save);
    if (!parsed.ok()) return parsed.status();
    const Json& doc = parsed.value();
    if (!doc.is_object())
        return Status::error(ErrorCode::invalid_pwa_save,
                             fmt::format("GameSave: must be an object, got {} {}", detail::json_type_phrase(doc),
                                         detail::json_excerpt(doc)));
    ErrorSink sink(ErrorCode::invalid_pwa_save);
    ObjectReader top(doc, "", sink);

    // The Phaser SaveSystem's SaveData (upstream src/types/index.d.ts): {gameData, settings,
    // timestamp, version "1.0.0"}. It passes the version check but holds no farm at all.
    if (doc.contains("gameData") && !doc.contains("playerId") && !doc.contains("woolCounts")) {
        const Json& g = doc["gameData"];
        std::string fields;
        if (g.is_object())
            for (auto it = g.begin(); it != g.end(); ++it) fields += (fields.empty() ? "" : ", ") + it.key();
        top.fail("gameData", fmt::format("this is the SaveData of the PWA's Phaser SaveSystem (gameData {{{}}}, settings, "
                                         "timestamp, version), not a farm save: it has no playerId, woolCounts or "
                                         "buildings to import; the farm is in the GameSave (or the SyncEngine's "
                                         "VersionedGameState) that the PWA keeps beside it",
                                         fields));
        return sink.status();
    }

    PwaFormat format = PwaFormat::game_save;
    for (std::string_view f : kVersionedFields)
        if (doc.contains(std::string(f))) format = PwaFormat::versioned_game_state;
    // The version first: the other fields of another version may mean something else.
    if (const Json* version = top.field("version")) {
        const bool isString = version->is_string();
        if (isString && is_sync_version(version->get_ref<const std::string&>())) {
            format = PwaFormat::sync_merged;
        } else if (!isString || version->get_ref<const std::string&>() != kPwaSaveVersion) {
            auto fmtField = doc.find("format");
            const bool ours = fmtField != doc.end() && fmtField->is_string() && *fmtField == "llamawool-save";
            top.fail("version", fmt::format("must be \"{}\" (the PWA's GameSave) or \"v<ms>_<random>\" (a save merged "
                                            "by its SyncEngine), got {}{}",
                                            kPwaSaveVersion, detail::json_excerpt(*version),
                                            ours ? " (this is a llamawool save already: load it as it is)" : ""));
        }
    }
    if (!sink.ok()) return sink.status();

    PwaImport out;
    out.format = format;
    State& s = out.state;
    const std::int64_t maxMs = limits::kMaxTimeMs;
    if (auto id = top.string("playerId")) {
        if (!is_valid_player_id(*id))
            top.fail("playerId", fmt::format("must be 1-128 letters, digits or _ - . :, got {}", Json(*id).dump()));
        s.playerId = *id;
    }
    if (const Json* wool = top.field("woolCounts")) {
        ObjectReader w(*wool, "woolCounts", sink);
        for (int i = 0; i < rules.wool_count(); ++i)
            if (auto v = w.amount(rules.wool[i].id, /*required=*/false)) s.wool[i] = *v;
    }
    if (auto v = top.amount("soulShears")) s.soulShears = *v;
    if (const Json* buildings = top.field("buildings")) {
        ObjectReader b(*buildings, "buildings", sink);
        for (int i = 0; i < rules.building_count(); ++i) {
            const std::string& id = rules.buildings[i].id;
            if (const Json* one = b.field(id, /*required=*/false)) {
                ObjectReader level(*one, detail::join_path("buildings", id), sink);
                if (auto v = level.integer("level", 0, rules.constants.buildingMaxLevel))
                    s.buildings[i] = static_cast<std::int32_t>(*v);
            }
        }
    }
    s.upgrades = read_ids(top, "purchasedUpgrades", [&](const std::string& id) { return rules.find_upgrade(id); });
    s.achievements =
        read_ids(top, "unlockedAchievements", [&](const std::string& id) { return rules.find_achievement(id); });
    if (auto v = top.amount("totalWoolProduced")) s.runValue = s.lifetimeValue = *v;
    if (auto v = top.integer("totalPrestiges", 0, maxMs)) s.totalPrestiges = *v;
    if (auto v = read_play_time(top, "playTime")) s.playTimeMs = *v;
    if (auto v = top.integer("lastSaveTime", 0, maxMs)) {
        s.lastUpdateMs = *v;
        if (options.nowMs && *v - limits::kClockToleranceMs > *options.nowMs)
            top.fail("lastSaveTime", fmt::format("{} is more than {} ms after the host's now {}: the farm could not act "
                                                 "until then",
                                                 *v, limits::kClockToleranceMs, *options.nowMs));
    }
    if (const Json* checksum = top.field("checksum", /*required=*/false)) {
        if (!checksum->is_string()) {
            top.fail("checksum", fmt::format("must be a string (the SyncEngine's checksum), got {} {}",
                                             detail::json_type_phrase(*checksum), detail::json_excerpt(*checksum)));
        } else {
            PwaChecksum c;
            c.given = checksum->get<std::string>();
            c.computed = detail::pwa_sync_checksum(doc);
            c.status = c.given.empty()            ? PwaChecksum::Status::empty
                       : c.given == c.computed ? PwaChecksum::Status::verified
                                               : PwaChecksum::Status::mismatch;
            out.checksum = std::move(c);
        }
    }
    if (!sink.ok()) return sink.status();

    // What the GameSave has no field for.
    s.createdMs = s.lastUpdateMs;
    s.clickTokensMilli = rules.constants.clickBurst * 1000;
    s.totalClicks = 0;

    Reporter(rules, out, out.unmapped).run(doc);
    const std::vector<RawMember> members = RawScanner(text).top_level_members();
    out.goldenFleece = raw_member(members, "goldenFleece");
    out.settings = raw_member(members, "settings");
    return out;
}

std::string pwa_import_to_json(const Ruleset& rules, const PwaImport& imported, bool includeSave) {
    // Built as text so that the carried fields keep their exact bytes.
    std::string out = "{";
    if (includeSave) {
        auto save = detail::parse_json(save_to_json(rules, imported.state), "save", ErrorCode::invalid_save);
        out += "\"save\":" + (save.ok() ? save.value().dump() : std::string("null")) + ",";
    }
    out += "\"format\":" + Json(pwa_format_name(imported.format)).dump() + ",";
    if (const auto& c = imported.checksum)
        out += fmt::format("\"checksum\":{{\"status\":\"{}\",\"given\":{},\"computed\":{}}},", pwa_checksum_status_name(c->status),
                           Json(c->given).dump(), Json(c->computed).dump());
    out += "\"unmapped\":[";
    for (std::size_t i = 0; i < imported.unmapped.size(); ++i) {
        const PwaUnmapped& e = imported.unmapped[i];
        if (i > 0) out += ",";
        out += "{\"path\":" + Json(e.path).dump() + ",\"value\":" + e.value + ",\"reason\":" + Json(e.reason).dump() + "}";
    }
    out += "],\"carried\":{";
    bool first = true;
    for (const auto& [name, raw] : {std::pair{"goldenFleece", &imported.goldenFleece}, std::pair{"settings", &imported.settings}}) {
        if (!raw->has_value()) continue;
        out += fmt::format("{}\"{}\":{}", first ? "" : ",", name, **raw);
        first = false;
    }
    out += "}}";
    return out;
}

}  // namespace llamawool
