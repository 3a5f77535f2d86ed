// The ruleset: every table and constant of the game as data (docs/rules.md §2-§9). The default
// ruleset `llama-wool-farm/1` is embedded in the library from engine/rulesets/; a host may load
// another document of the same shape. A Ruleset is immutable after loading and safe to share
// between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llamawool/status.hpp"

namespace llamawool {

// Capacities of the fixed-size state arrays. A ruleset with more entries is rejected on load.
inline constexpr int kMaxWoolTypes = 16;
inline constexpr int kMaxBuildings = 16;
inline constexpr int kMaxUpgrades = 64;
inline constexpr int kMaxAchievements = 64;
inline constexpr int kMaxEvents = 64;

struct WoolType {
    std::string id;
    double baseValue = 0;      // value of one unit
    double productionRate = 0; // factor applied to raw production
    double unlockValue = 0;    // produced while runValue >= unlockValue
    bool rare = false;         // multiplied by U_rare
};

// A condition for buying level 1 of a building or for buying an upgrade.
struct Requirement {
    enum class Kind { building_level, wool_count, upgrade_owned, total_prestiges };
    Kind kind = Kind::building_level;
    int index = 0;       // building, wool or upgrade index; unused for total_prestiges
    double amount = 0;   // level, wool count or prestige count that must be reached (>=)
};

struct Building {
    std::string id;
    double baseCost = 0;
    double costMultiplier = 1;    // r: price of the level after L is baseCost * r^L * costMult
    double baseProduction = 0;    // raw wool per second per level for each produced type
    std::uint32_t producesMask = 0;  // bit w set: produces wool type w
    std::vector<Requirement> requirements;  // checked only when buying level 1
};

// Effects of one upgrade. Multiplicative effects default to 1, additive ones to 0.
struct UpgradeEffects {
    double production = 1;     // U_production factor
    double click = 1;          // U_click factor
    double building = 1;       // U_building factor
    double rare = 1;           // U_rare factor
    double buildingCost = 1;   // building costMult factor
    double autoClicksPerSecond = 0;
    double offlineEfficiency = 0;
    std::int64_t offlineCapMs = 0;
};

struct Upgrade {
    std::string id;
    double cost = 0;  // in value units
    UpgradeEffects effects;
    std::vector<Requirement> requirements;
};

struct AchievementCondition {
    enum class Metric { lifetime_value, max_building_level, building_level_sum, owns_upgrades,
                        total_prestiges, play_time_ms };
    Metric metric = Metric::lifetime_value;
    double threshold = 0;          // metric >= threshold (or > when strict)
    bool strict = false;
    std::uint64_t upgradesMask = 0;  // owns_upgrades: all of these
};

struct Achievement {
    std::string id;
    AchievementCondition when;
};

// A live-ops window, active on [startMs, endMs).
struct Event {
    std::string id;
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    double production = 1;        // multiplies E_production
    double prestige = 1;          // multiplies the prestige multiplier
    double buildingCost = 1;      // multiplies costMult
    double offlineEfficiency = 0; // added to offline efficiency
};

struct Constants {
    double startingLlamaBasicPerSecond = 1;
    double clickBasicWool = 1;
    double achievementProductionBonus = 0.02;
    double soulShearProductionBonus = 0.10;
    double soulShearBuildingBonus = 0.05;
    std::int64_t onlineGapMaxMs = 300000;
    std::int64_t offlineBaseCapMs = 86400000;
    std::int64_t offlineMaxCapMs = 259200000;
    double offlineBaseEfficiency = 0.8;
    double offlineEfficiencyPerSoulShear = 0.02;
    std::int64_t clickTokensPerSecond = 20;
    std::int64_t clickBurst = 20;
    std::int64_t shearMaxCount = 1000;
    std::int64_t buyMaxQuantity = 10000;
    std::int64_t buildingMaxLevel = 100000;
    std::int64_t prestigeThresholdBaseExponent = 6;
    std::int64_t prestigeThresholdExponentStep = 2;
    std::int64_t prestigeGainExponent = 6;  // gain = floor(log10(runValue / 10^this))
};

struct Ruleset {
    std::string id;                 // e.g. "llama-wool-farm/1"
    std::uint64_t contentHash = 0;  // FNV-1a 64 of the canonical JSON text (sorted keys, no spaces)
    Constants constants;
    std::vector<WoolType> wool;
    std::vector<Building> buildings;
    std::vector<Upgrade> upgrades;
    std::vector<Achievement> achievements;
    std::vector<Event> events;

    int wool_count() const { return static_cast<int>(wool.size()); }
    int building_count() const { return static_cast<int>(buildings.size()); }
    int upgrade_count() const { return static_cast<int>(upgrades.size()); }
    int achievement_count() const { return static_cast<int>(achievements.size()); }

    // Index of the entry with this id, or -1.
    int find_wool(std::string_view key) const;
    int find_building(std::string_view key) const;
    int find_upgrade(std::string_view key) const;
    int find_achievement(std::string_view key) const;
};

// Parses and validates a ruleset document. Errors name the JSON path of the first problem,
// e.g. `buildings[3].requires[0].building: unknown building "fatcory"`.
Result<Ruleset> load_ruleset(std::string_view json_text);

// The embedded default ruleset (llama-wool-farm/1), loaded once and shared.
const Ruleset& default_ruleset();

// The embedded JSON text of the default ruleset.
std::string_view default_ruleset_json();

// The live-ops events as compact JSON, in ruleset order: [{"id", "startMs", "endMs", "effects":
// {...}}], each effect present only when it changes something (as a ruleset writes them).
std::string events_to_json(const Ruleset& rules);

}  // namespace llamawool
