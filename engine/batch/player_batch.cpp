// Columns owned by the library, and moving one player between a State and the columns.
#include <algorithm>
#include <bit>
#include <cstdlib>
#include <new>

#include "llamawool/batch.hpp"
#include "llamawool/engine.hpp"

namespace llamawool {
namespace {

// Every column that a ruleset uses, in one fixed order (the order of the storage block).
template <class Fn>
void for_each_used_column(const Ruleset& rules, PlayerColumns& c, Fn fn) {
    for (int w = 0; w < rules.wool_count(); ++w) fn(c.wool[w]);
    for (int b = 0; b < rules.building_count(); ++b) fn(c.buildingLevels[b]);
    for_each_common_column(c, [&](double*& column, bool) { fn(column); });
}

std::size_t column_count(const Ruleset& rules) {
    PlayerColumns c;
    std::size_t n = 0;
    for_each_used_column(rules, c, [&](double*&) { ++n; });
    return n;
}

constexpr std::size_t kAlignment = 64;
constexpr std::size_t kPad = kAlignment / sizeof(double);  // columns padded to 8 doubles

}  // namespace

void load_player(const Ruleset& rules, const PlayerColumns& c, std::size_t i, const State& s) {
    for (int w = 0; w < rules.wool_count(); ++w) c.wool[w][i] = s.wool[w];
    for (int b = 0; b < rules.building_count(); ++b) c.buildingLevels[b][i] = static_cast<double>(s.buildings[b]);
    c.soulShears[i] = s.soulShears;
    c.achievementCount[i] = static_cast<double>(std::popcount(s.achievements));
    c.totalPrestiges[i] = static_cast<double>(s.totalPrestiges);
    const UpgradeEffects owned = combined_upgrade_effects(rules, s.upgrades);
    c.upgradeProduction[i] = owned.production;
    c.upgradeClick[i] = owned.click;
    c.upgradeBuilding[i] = owned.building;
    c.upgradeRare[i] = owned.rare;
    c.upgradeAutoClicksPerSecond[i] = owned.autoClicksPerSecond;
    c.upgradeOfflineEfficiency[i] = owned.offlineEfficiency;
    c.upgradeOfflineCapMs[i] = static_cast<double>(owned.offlineCapMs);
    c.runValue[i] = s.runValue;
    c.lifetimeValue[i] = s.lifetimeValue;
    c.lastUpdateMs[i] = static_cast<double>(s.lastUpdateMs);
    c.playTimeMs[i] = static_cast<double>(s.playTimeMs);
    c.clickTokensMilli[i] = static_cast<double>(s.clickTokensMilli);
}

void store_player(const PlayerColumns& c, std::size_t i, State& s) {
    for (int w = 0; w < kMaxWoolTypes; ++w)
        if (c.wool[w]) s.wool[w] = c.wool[w][i];
    s.runValue = c.runValue[i];
    s.lifetimeValue = c.lifetimeValue[i];
    // Whole numbers below 2^53 (advance_batch checks its times), so the conversions are exact.
    s.lastUpdateMs = static_cast<std::int64_t>(c.lastUpdateMs[i]);
    s.playTimeMs = static_cast<std::int64_t>(c.playTimeMs[i]);
    s.clickTokensMilli = static_cast<std::int64_t>(c.clickTokensMilli[i]);
}

PlayerColumns slice_columns(const PlayerColumns& columns, std::size_t first, std::size_t count) {
    PlayerColumns slice = columns;
    slice.count = count;
    for_each_column(slice, [&](double*& column, bool) {
        if (column) column += first;
    });
    return slice;
}

void PlayerBatch::FreeAligned::operator()(double* p) const { std::free(p); }

PlayerBatch::PlayerBatch(const Ruleset& rules, std::size_t count) : columnCount_(column_count(rules)) {
    // At least one padded block, so that even an empty batch has real (non-null) columns.
    const std::size_t stride = count == 0 ? kPad : (count + kPad - 1) / kPad * kPad;
    const std::size_t doubles = stride * columnCount_;
    void* memory = std::aligned_alloc(kAlignment, doubles * sizeof(double));
    if (!memory) throw std::bad_alloc();
    doubles_ = doubles;
    storage_.reset(static_cast<double*>(memory));
    double* next = storage_.get();
    for_each_used_column(rules, columns_, [&](double*& column) {
        column = next;
        next += stride;
    });
    std::fill(storage_.get(), storage_.get() + doubles, 0.0);
    columns_.count = count;
}

PlayerBatch::PlayerBatch(const PlayerBatch& other)
    : storage_(static_cast<double*>(std::aligned_alloc(kAlignment, other.doubles_ * sizeof(double)))),
      doubles_(other.doubles_),
      columnCount_(other.columnCount_),
      columns_(other.columns_) {
    if (!storage_) throw std::bad_alloc();
    std::copy(other.storage_.get(), other.storage_.get() + doubles_, storage_.get());
    // Same layout, other memory: move every column pointer by the distance between the blocks.
    for_each_column(columns_, [&](double*& column, bool) {
        if (column) column = storage_.get() + (column - other.storage_.get());
    });
}

PlayerBatch& PlayerBatch::operator=(const PlayerBatch& other) {
    if (this == &other) return *this;
    if (other.doubles_ != doubles_ || other.columnCount_ != columnCount_) return *this = PlayerBatch(other);
    std::copy(other.storage_.get(), other.storage_.get() + doubles_, storage_.get());
    return *this;
}

PlayerBatch::PlayerBatch(const Ruleset& rules, const std::vector<State>& states) : PlayerBatch(rules, states.size()) {
    for (std::size_t i = 0; i < states.size(); ++i) load(rules, i, states[i]);
}


}  // namespace llamawool
