// Save format v1 (docs/rules.md §11, docs/save-format.md): writer and strict reader.
#include <fmt/format.h>

#include "rules/limits.hpp"
#include "json_fields.hpp"
#include "json_writer.hpp"
#include "save_json.hpp"
#include "llamawool/save.hpp"
#include "llamawool/version.hpp"

namespace llamawool {
namespace {

using detail::ErrorSink;
using detail::Json;
using detail::ObjectReader;

constexpr std::string_view kFormat = "llamawool-save";
constexpr int kSaveVersion = LLAMAWOOL_SAVE_FORMAT_VERSION;

// Reads an array of ids (upgrades or achievements) into a bit mask, rejecting unknown ids and
// duplicates.
template <class Find>
std::uint64_t read_id_set(ObjectReader& r, std::string_view key, std::string_view what, Find find) {
    std::uint64_t mask = 0;
    const Json* arr = r.array(key);
    if (!arr) return 0;
    const std::string path = detail::join_path(r.path(), key);
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const Json& v = (*arr)[i];
        const std::string at = detail::index_path(path, i);
        if (!v.is_string()) {
            r.sink().fail(at, fmt::format("must be a string, got {} {}", detail::json_type_phrase(v), detail::json_excerpt(v)));
            return 0;
        }
        const int index = find(v.get_ref<const std::string&>());
        if (index < 0) {
            r.sink().fail(at, fmt::format("unknown {} \"{}\"", what, v.get_ref<const std::string&>()));
            return 0;
        }
        const std::uint64_t bit = std::uint64_t{1} << index;
        if (mask & bit) {
            r.sink().fail(at, fmt::format("duplicate {} \"{}\"", what, v.get_ref<const std::string&>()));
            return 0;
        }
        mask |= bit;
    }
    return mask;
}

}  // namespace

std::string format_amount(double value) { return fmt::format("{}", value == 0.0 ? 0.0 : value); }

namespace detail {

// Written member by member (json_writer.hpp): the same bytes as the nlohmann document this used
// to build and dump, which tests/test_json_writer.cpp still builds to compare.
void append_save_json(std::string& out, const Ruleset& rules, const State& s, bool pretty) {
    JsonWriter w(out, pretty);
    auto amount = [&](std::string_view key, double value) {
        w.key(key);
        w.string(format_amount(value));
    };
    auto integer = [&](std::string_view key, std::int64_t value) {
        w.key(key);
        w.integer(value);
    };
    w.begin_object();
    w.key("format");
    w.string(kFormat);
    integer("version", kSaveVersion);
    w.key("ruleset");
    w.string(rules.id);
    w.key("playerId");
    w.string(s.playerId);
    integer("createdMs", s.createdMs);
    integer("lastUpdateMs", s.lastUpdateMs);
    w.key("wool");
    w.begin_object();
    for (int i = 0; i < rules.wool_count(); ++i) amount(rules.wool[i].id, s.wool[i]);
    w.end_object();
    w.key("buildings");
    w.begin_object();
    for (int b = 0; b < rules.building_count(); ++b) integer(rules.buildings[b].id, s.buildings[b]);
    w.end_object();
    w.key("upgrades");
    w.begin_array();
    for (int u = 0; u < rules.upgrade_count(); ++u)
        if (s.owns_upgrade(u)) {
            w.element();
            w.string(rules.upgrades[u].id);
        }
    w.end_array();
    w.key("achievements");
    w.begin_array();
    for (int a = 0; a < rules.achievement_count(); ++a)
        if (s.has_achievement(a)) {
            w.element();
            w.string(rules.achievements[a].id);
        }
    w.end_array();
    amount("soulShears", s.soulShears);
    integer("totalPrestiges", s.totalPrestiges);
    amount("runValue", s.runValue);
    amount("lifetimeValue", s.lifetimeValue);
    integer("playTimeMs", s.playTimeMs);
    integer("clickTokensMilli", s.clickTokensMilli);
    integer("totalClicks", s.totalClicks);
    w.key("stateHash");
    w.string(format_hash(state_hash(rules, s)));
    w.end_object();
}

}  // namespace detail

std::string save_to_json(const Ruleset& rules, const State& s) {
    std::string out;
    out.reserve(1024);
    detail::append_save_json(out, rules, s, /*pretty=*/true);
    out += '\n';
    return out;
}

Result<State> load_save(const Ruleset& rules, std::string_view text) {
    auto doc = detail::parse_json(text, "save", ErrorCode::invalid_save);
    if (!doc.ok()) return doc.status();
    ErrorSink sink(ErrorCode::invalid_save);
    ObjectReader r(doc.value(), "", sink);
    r.reject_unknown({"format", "version", "ruleset", "playerId", "createdMs", "lastUpdateMs", "wool", "buildings",
                      "upgrades", "achievements", "soulShears", "totalPrestiges", "runValue", "lifetimeValue",
                      "playTimeMs", "clickTokensMilli", "totalClicks", "stateHash"});
    if (auto f = r.string("format"); f && *f != kFormat)
        r.fail("format", fmt::format("must be \"{}\", got \"{}\"", kFormat, *f));
    r.integer("version", kSaveVersion, kSaveVersion);
    auto ruleset = r.string("ruleset");
    if (!sink.ok()) return sink.status();
    if (*ruleset != rules.id)
        return Status::error(ErrorCode::ruleset_mismatch,
                             fmt::format("ruleset: the save is for \"{}\" but the engine runs \"{}\"", *ruleset, rules.id));

    State s;
    const std::int64_t maxMs = limits::kMaxTimeMs;
    if (auto id = r.string("playerId")) {
        if (!is_valid_player_id(*id))
            r.fail("playerId", fmt::format("must be 1-128 letters, digits or _ - . :, got {}", Json(*id).dump()));
        s.playerId = *id;
    }
    if (auto v = r.integer("createdMs", 0, maxMs)) s.createdMs = *v;
    if (auto v = r.integer("lastUpdateMs", 0, maxMs)) s.lastUpdateMs = *v;

    if (const Json* wool = r.field("wool")) {
        ObjectReader w(*wool, "wool", sink);
        for (auto it = wool->is_object() ? wool->begin() : wool->end(); it != wool->end(); ++it)
            if (rules.find_wool(it.key()) < 0) w.fail(it.key(), "unknown wool type");
        for (int i = 0; i < rules.wool_count(); ++i)
            if (auto v = w.amount(rules.wool[i].id)) s.wool[i] = *v;
    }
    if (const Json* buildings = r.field("buildings")) {
        ObjectReader b(*buildings, "buildings", sink);
        for (auto it = buildings->is_object() ? buildings->begin() : buildings->end(); it != buildings->end(); ++it)
            if (rules.find_building(it.key()) < 0) b.fail(it.key(), "unknown building");
        for (int i = 0; i < rules.building_count(); ++i)
            if (auto v = b.integer(rules.buildings[i].id, 0, rules.constants.buildingMaxLevel))
                s.buildings[i] = static_cast<std::int32_t>(*v);
    }
    s.upgrades = read_id_set(r, "upgrades", "upgrade", [&](const std::string& id) { return rules.find_upgrade(id); });
    s.achievements =
        read_id_set(r, "achievements", "achievement", [&](const std::string& id) { return rules.find_achievement(id); });
    if (auto v = r.amount("soulShears")) s.soulShears = *v;
    if (auto v = r.integer("totalPrestiges", 0, maxMs)) s.totalPrestiges = *v;
    if (auto v = r.amount("runValue")) s.runValue = *v;
    if (auto v = r.amount("lifetimeValue")) s.lifetimeValue = *v;
    if (auto v = r.integer("playTimeMs", 0, maxMs)) s.playTimeMs = *v;
    if (auto v = r.integer("clickTokensMilli", 0, rules.constants.clickBurst * 1000)) s.clickTokensMilli = *v;
    if (auto v = r.integer("totalClicks", 0, maxMs)) s.totalClicks = *v;
    auto hash = r.string("stateHash");
    if (hash) {
        bool hex = hash->size() == 16;
        for (char c : *hash) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (!hex) r.fail("stateHash", fmt::format("must be 16 lowercase hex digits, got {}", Json(*hash).dump()));
    }
    if (!sink.ok()) return sink.status();

    const std::string actual = format_hash(state_hash(rules, s));
    if (*hash != actual)
        return Status::error(ErrorCode::state_hash_mismatch,
                             fmt::format("stateHash: the save says {} but its content hashes to {} "
                                         "(the file was edited or damaged)",
                                         *hash, actual));
    return s;
}

}  // namespace llamawool
