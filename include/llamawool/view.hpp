// What a UI draws, as data: the farm as it is at a moment, with every price, rate, lock and
// preview a player sees (what `llamawool inspect` prints). A read-only query: the state is not
// changed, and every number comes from the engine's own functions (compute_production,
// building_bulk_price, the "max" search of buy_building, pending_soul_shears, preview_resume), so
// what the view says a purchase costs is what the purchase costs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "llamawool/engine.hpp"
#include "llamawool/resume.hpp"
#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"

namespace llamawool {

struct WoolView {
    double amount = 0;         // units held
    double value = 0;          // amount x baseValue: what it is worth in a purchase
    double ratePerSecond = 0;  // production, 0 while locked
    bool unlocked = false;     // runValue >= unlockValue
};

// A price and whether the spendable value covers it now.
struct PriceView {
    double price = 0;
    bool affordable = false;
};

struct BuildingView {
    std::int32_t level = 0;
    bool unlocked = false;    // building_unlocked: level 1 may be bought (or is owned)
    std::string requirement;  // the first unmet requirement ("barn >= 5 (have 1)"), "" when unlocked
    PriceView next1;          // the next level
    PriceView next10;         // the next 10 levels
    // What buy_building with quantity "max" would buy now: 0 levels when it would be refused
    // (locked, at the maximum level, or not even one level affordable); then maxPrice is 0.
    std::int64_t maxCount = 0;
    double maxPrice = 0;
};

struct UpgradeView {
    double cost = 0;
    bool owned = false;
    bool unlocked = false;    // its requirements hold now (buy_upgrade would not be upgrade_locked)
    std::string requirement;  // the first unmet requirement, "" when none
    bool affordable = false;  // the spendable value covers the cost
};

struct PrestigeView {
    double soulShears = 0;
    std::int64_t totalPrestiges = 0;
    double pending = 0;            // pending_soul_shears: what a prestige now would give (0: not ready)
    bool ready = false;            // prestige_ready
    std::int64_t thresholdExponent = 0;      // runValue must reach 10^thresholdExponent
    std::optional<double> threshold;         // the smallest double >= 10^thresholdExponent; none
                                             // when that is beyond the binary64 range (unreachable)
};

struct OfflineView {
    std::int64_t capMs = 0;   // offline_cap_ms
    double efficiency = 0;    // offline_efficiency at the view's moment
    std::int64_t previewAwayMs = 0;          // the preview's length (8 h, as `llamawool inspect`)
    std::optional<ResumeReport> ifAway;      // resuming previewAwayMs later; none past 2^53 ms
};

struct FarmView {
    std::int64_t atMs = 0;
    ResumeReport sinceLastUpdate;  // preview_resume(state, atMs): the advance the view stands on
    Production production;         // rates and the multiplier breakdown at atMs
    // Arrays are indexed like the ruleset's tables, as in State (fixed size: no allocation per
    // entry, and less code in the wasm module); entries past the ruleset's counts stay empty.
    std::array<WoolView, kMaxWoolTypes> wool;
    double spendableValue = 0;
    double runValue = 0;
    double lifetimeValue = 0;
    std::int64_t clickTokensMilli = 0;
    std::int64_t clicksAvailable = 0;  // the largest shear count allowed now
    std::array<BuildingView, kMaxBuildings> buildings;
    std::array<UpgradeView, kMaxUpgrades> upgrades;
    std::uint64_t achievements = 0;    // bit a: unlocked (after the advance to atMs)
    PrestigeView prestige;
    std::uint64_t activeEvents = 0;    // bit e: rules.events[e] is active at atMs
    OfflineView offline;
};

// The farm at atMs (>= state.lastUpdateMs, < 2^53): the state advanced to atMs as a `tick` would
// (preview_resume), and everything a UI shows of it. Errors: invalid_argument for atMs outside
// [0, 2^53), time_regression before lastUpdateMs, each naming atMs and its value.
Result<FarmView> farm_view(const Ruleset& rules, const State& state, std::int64_t atMs);

// The view as compact JSON: amounts as shortest round-trip decimal strings, counts, levels and
// times as integers (docs/view.md has the document).
std::string farm_view_to_json(const Ruleset& rules, const FarmView& view);

}  // namespace llamawool
