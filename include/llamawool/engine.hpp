// The simulation: production, advancing time, actions. Every function is a pure function of
// (ruleset, state, arguments); nothing reads a clock or keeps state between calls.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "llamawool/action.hpp"
#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"

namespace llamawool {

// The multipliers of docs/rules.md §4 at one moment.
struct MultiplierBreakdown {
    double base = 1;          // the unmodified rate (always 1; kept so the product reads in full)
    double buildings = 1;     // B_eff = U_building * (1 + 0.05 SS), applied to building output
    double upgrades = 1;      // U_production
    double achievements = 1;  // 1 + 0.02 A
    double prestige = 1;      // 1 + 0.10 SS
    double events = 1;        // E_production
    double total = 1;         // M_global = upgrades * achievements * prestige * events
    double click = 1;         // U_click
    double rare = 1;          // U_rare
};

struct Production {
    MultiplierBreakdown multipliers;
    double clickPower = 0;                  // basic wool per shear click
    double autoClicksPerSecond = 0;
    std::array<double, kMaxWoolTypes> raw{};   // raw(w)
    std::array<double, kMaxWoolTypes> rate{};  // wool per second
    double valueRate = 0;                   // value per second
    std::uint32_t unlockedMask = 0;         // bit w: wool type w unlocked
};

// Production rates of `state` with the events active at `atMs`.
Production compute_production(const Ruleset& rules, const State& state, std::int64_t atMs);

// What advancing from lastUpdateMs to a later time did (docs/rules.md §5).
struct AdvanceReport {
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    bool offline = false;
    std::int64_t creditedMs = 0;
    std::int64_t forfeitedMs = 0;
    double efficiency = 1;       // in force at the start of the credited span
    std::array<double, kMaxWoolTypes> woolGained{};
    std::array<double, kMaxWoolTypes> valueGainedByType{};  // wool gained x baseValue, per piece
    double valueGained = 0;  // valueRate x e x s per piece (what runValue grew by)
    std::uint32_t woolUnlockedMask = 0;  // types that became unlocked during the advance
    int pieces = 0;                      // linear pieces the span was cut into
};

// The effects of a set of owned upgrades folded in ruleset table order: multipliers multiplied,
// bonuses added, starting from 1 and 0 (so the bits never depend on the order of purchase).
UpgradeEffects combined_upgrade_effects(const Ruleset& rules, std::uint64_t ownedUpgrades);

// Offline rules for the current upgrades, soul shears and events.
std::int64_t offline_cap_ms(const Ruleset& rules, const State& state);
double offline_efficiency(const Ruleset& rules, const State& state, std::int64_t atMs);

// Advances `state` to toMs (>= state.lastUpdateMs, checked by the caller) and returns the report.
AdvanceReport advance(const Ruleset& rules, State& state, std::int64_t toMs);

// Prices (value units) of buildings at time atMs, with the current cost multiplier.
double building_cost_multiplier(const Ruleset& rules, const State& state, std::int64_t atMs);
double building_price(const Ruleset& rules, const State& state, int building, std::int64_t atMs);
double building_bulk_price(const Ruleset& rules, const State& state, int building,
                           std::int64_t quantity, std::int64_t atMs);

// Whether the requirements of buying level 1 of a building / an upgrade hold now (what a client
// greys out). A building already owned has no requirement left.
bool building_unlocked(const Ruleset& rules, const State& state, int building);
bool upgrade_unlocked(const Ruleset& rules, const State& state, int upgrade);

// Sum of the value of all wool, in index order: what a purchase may spend.
double spendable_value(const Ruleset& rules, const State& state);

// Prestige needs runValue >= 10^k with k = this (docs/rules.md §9: 6 + 2 x totalPrestiges).
std::int64_t prestige_threshold_exponent(const Ruleset& rules, const State& state);

// Soul shears a prestige at atMs would give now (0 when prestige is not allowed).
double pending_soul_shears(const Ruleset& rules, const State& state, std::int64_t atMs);
bool prestige_ready(const Ruleset& rules, const State& state, std::int64_t atMs);

struct ApplyOptions {
    std::optional<std::int64_t> nowMs;  // host's clock; enables time_in_future
};

struct ActionResult {
    Status status;             // ok, or the rejection code and message
    AdvanceReport advance;     // the advance that preceded the action's effect
    double valuePaid = 0;      // buy_building, buy_upgrade
    std::int64_t levelsBought = 0;   // buy_building
    double woolSheared = 0;    // shear: basic wool added
    double soulShearsGained = 0;     // prestige
    std::uint64_t achievementsUnlocked = 0;  // bits newly set at the end of the action
};

// Applies one action. On rejection the state is left byte-identical (not even advanced).
ActionResult apply_action(const Ruleset& rules, State& state, const Action& action,
                          const ApplyOptions& options = {});

}  // namespace llamawool
