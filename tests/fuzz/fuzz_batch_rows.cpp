// libFuzzer target: the C ABI's batch row loader and storer (lw_batch_load_player,
// lw_batch_store_player) and a kernel call between them, over columns whose values, NULLs, row
// count, row index, instruction set and times come from the fuzz bytes (docs/batch.md,
// docs/c-abi.md). Nothing may crash, whatever a caller's columns hold.
//
// Input layout (little-endian; missing bytes read as 0):
//   [0]      ops: bit 0 load the state into the row first, bit 1 store the row into the state
//            last, bit 2 start from the midgame save (else a new farm), bits 3-5 the kernel (0
//            none, 1 lw_batch_advance, 2 lw_batch_advance_to, 3 production rates, 4 pending soul
//            shears, 5 scores, 6-7 none), bit 6 no report columns, bit 7 NULL output columns
//   [1]      row count (mod 24)      [2] row index (as is: may be >= count)
//   [3]      arch (int8, as is: LW_ARCH_* or anything else)
//   [4..11]  NULL mask: bit k makes column slot k NULL (0-15 wool, 16-31 building levels,
//            32-46 the other columns in lw_batch_columns order, 47 the to_ms column)
//   [12..19] int64 time for lw_batch_advance_to / at_ms
//   then     values for slot 0 rows 0..count-1, slot 1, ..., slot 47 (to_ms), each a tag byte and
//            a payload: tag%4 0: 8-byte double; 1: 1-byte whole number; 2: 4-byte whole number
//            plus 1.7e12 (a time near the fixtures'); 3: a special value (tag/4 indexes kSpecial).
//            The value stream starts over when it runs out.
//
// Invariants: every refusal has a non-empty message (lw_errmsg, and lw_state_errmsg for state
// calls) and changes nothing: no column, output or state byte. A loaded row stores back into a
// copy of the state unchanged. A kernel that accepts the columns gives, for a row loaded from the
// state, the scalar engine's bits (advance, rates). A stored state saves and loads back.
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "fuzz_support.hpp"

using namespace llamawool;

namespace {

constexpr std::size_t kSlots = 48;   // 16 wool + 16 building levels + 15 others + to_ms
constexpr std::size_t kToMsSlot = 47;
constexpr std::size_t kMaxRows = 24;

constexpr double kSpecial[] = {
    NAN, -NAN, INFINITY, -INFINITY, -0.0, -1.0, 0.5, 1.5, 9007199254740992.0 /* 2^53 */, 9007199254740991.0,
    4503599627370496.5, 1e308, 1.7976931348623157e308, 2.2250738585072014e-308, 4.9e-324, 1700000000000.0,
    1700034500000.0, 1700040000000.0, 1e15, 1e30, 1e300, 20000.0, 100000.0, 1e9, 64.0, 308.0, -1e300, 3e-5};

class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint64_t take(std::size_t n) {  // n bytes little-endian, zeros past the end
        std::uint64_t v = 0;
        for (std::size_t k = 0; k < n; ++k) v |= std::uint64_t{pos_ < size_ ? data_[pos_++] : std::uint8_t{0}} << (8 * k);
        return v;
    }
    std::size_t pos() const { return pos_; }
    void rewind(std::size_t to) { pos_ = to; }
    bool at_end() const { return pos_ >= size_; }

private:
    const std::uint8_t* data_;
    std::size_t size_, pos_ = 0;
};

class Values {
public:
    explicit Values(Bytes& in) : in_(in), start_(in.pos()), empty_(in.at_end()) {}
    double next() {
        if (empty_) return 0;
        if (in_.at_end()) in_.rewind(start_);
        const auto tag = static_cast<std::uint8_t>(in_.take(1));
        switch (tag % 4) {
            case 0: {
                const std::uint64_t bits = in_.take(8);
                double d;
                std::memcpy(&d, &bits, sizeof d);
                return d;
            }
            case 1: return static_cast<double>(in_.take(1));
            case 2: return static_cast<double>(in_.take(4)) + 1.7e12;
            default: return kSpecial[(tag / 4) % std::size(kSpecial)];
        }
    }

private:
    Bytes& in_;
    std::size_t start_;
    bool empty_;
};

// Heap arrays of exactly `count` doubles (ASan sees any read or write past a row), or NULL.
struct Column {
    std::unique_ptr<double[]> data;
    double* get() const { return data.get(); }
};

std::vector<double> snapshot(const std::vector<Column>& columns, std::size_t count) {
    std::vector<double> all;
    for (const Column& c : columns)
        if (c.get()) all.insert(all.end(), c.get(), c.get() + count);
    return all;
}

bool same_bytes(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

constexpr const char* kNewFarm = "examples/server/new-farm.json";
constexpr const char* kMidgame = "tests/data/saves/valid-midgame.json";

// The fixture farms as C ABI states, loaded once (each input works on a copy).
lw_state* fixture(bool midgame) {
    static lw_state* states[2] = {};
    lw_state*& s = states[midgame ? 1 : 0];
    if (!s && lw_state_load(&s, fuzz::c_engine(), fuzz::read_source_file(midgame ? kMidgame : kNewFarm).c_str()) != LW_OK)
        std::abort();
    return s;
}

std::uint64_t hash_of(lw_state* s) {
    std::uint64_t h = 0;
    FUZZ_CHECK(lw_state_hash(&h, s) == LW_OK, "lw_state_hash failed");
    return h;
}

std::string save_of(lw_state* s) {
    char* text = nullptr;
    FUZZ_CHECK(lw_state_save(&text, s) == LW_OK, "lw_state_save failed");
    std::string out(text);
    lw_free(text);
    return out;
}

void check_refusal(lw_result rc, lw_state* state, const char* call) {
    FUZZ_CHECK(rc != LW_OK, call);
    FUZZ_CHECK(*lw_errstr(rc) && std::string(lw_errstr(rc)) != "unknown_code", std::string(call) + ": unknown code");
    FUZZ_CHECK(*lw_errmsg(), std::string(call) + " refused without a message (code " + lw_errstr(rc) + ")");
    FUZZ_CHECK(fuzz::valid_utf8(lw_errmsg()), std::string(call) + ": message not UTF-8");
    if (state) FUZZ_CHECK(std::strcmp(lw_errmsg(), lw_state_errmsg(state)) == 0, std::string(call) + ": state message differs");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes in(data, size);
    const auto ops = static_cast<unsigned>(in.take(1));
    const std::size_t count = in.take(1) % kMaxRows;
    const std::size_t index = in.take(1);
    const int arch = static_cast<std::int8_t>(in.take(1));
    const std::uint64_t nullMask = in.take(8);
    const auto timeArg = static_cast<std::int64_t>(in.take(8));
    const bool loadFirst = ops & 1, storeLast = ops & 2, midgame = ops & 4;
    const unsigned kernel = (ops >> 3) & 7;
    const bool noReport = ops & 64, nullOutputs = ops & 128;

    // The columns.
    std::vector<Column> slots(kSlots);
    Values values(in);
    for (std::size_t k = 0; k < kSlots; ++k) {
        if ((nullMask >> k) & 1) continue;
        slots[k].data.reset(new double[count]);
        for (std::size_t i = 0; i < count; ++i) slots[k].data[i] = values.next();
    }
    lw_batch_columns c{};
    c.count = count;
    for (int w = 0; w < LW_MAX_WOOL_TYPES; ++w) c.wool[w] = slots[w].get();
    for (int b = 0; b < LW_MAX_BUILDINGS; ++b) c.building_levels[b] = slots[16 + b].get();
    double** common[] = {&c.soul_shears, &c.achievement_count, &c.total_prestiges, &c.upgrade_production,
                         &c.upgrade_click, &c.upgrade_building, &c.upgrade_rare, &c.upgrade_auto_clicks_per_second,
                         &c.upgrade_offline_efficiency, &c.upgrade_offline_cap_ms, &c.run_value, &c.lifetime_value,
                         &c.last_update_ms, &c.play_time_ms, &c.click_tokens_milli};
    for (std::size_t k = 0; k < std::size(common); ++k) *common[k] = slots[32 + k].get();
    const double* toMs = slots[kToMsSlot].get();

    // Outputs: pre-filled with a pattern, so that a refusal that writes anything is seen.
    std::vector<Column> outputs(LW_MAX_WOOL_TYPES + 9);
    for (std::size_t k = 0; k < outputs.size(); ++k) {
        if (nullOutputs && k % 2) continue;
        outputs[k].data.reset(new double[count]);
        for (std::size_t i = 0; i < count; ++i) outputs[k].data[i] = -123.0;
    }
    auto out = [&](std::size_t k) { return outputs[k].get(); };

    // The state.
    lw_state* state = nullptr;
    FUZZ_CHECK(lw_state_copy(&state, fixture(midgame)) == LW_OK, "lw_state_copy");
    const std::uint64_t stateBefore = hash_of(state);

    // 1. State -> row.
    bool rowLoaded = false;
    if (loadFirst) {
        const std::vector<double> before = snapshot(slots, count);
        const lw_result rc = lw_batch_load_player(&c, index, state);
        if (rc != LW_OK) {
            check_refusal(rc, state, "lw_batch_load_player");
            FUZZ_CHECK(same_bytes(before, snapshot(slots, count)), "a refused lw_batch_load_player changed a column");
        } else {
            rowLoaded = true;
            FUZZ_CHECK(index < count, "lw_batch_load_player took a row past the end");
            // Only row `index` changed, and it stores back into a copy unchanged.
            std::vector<double> after = snapshot(slots, count);
            for (std::size_t k = 0, n = 0; k < kSlots; ++k) {
                if (!slots[k].get()) continue;
                for (std::size_t i = 0; i < count; ++i, ++n)
                    if (i != index || k == kToMsSlot)
                        FUZZ_CHECK(same_bits(before[n], after[n]), "lw_batch_load_player wrote outside its row");
            }
            lw_state* copy = nullptr;
            FUZZ_CHECK(lw_state_copy(&copy, state) == LW_OK, "lw_state_copy");
            FUZZ_CHECK(lw_batch_store_player(copy, &c, index) == LW_OK,
                       std::string("a row just loaded does not store: ") + lw_errmsg());
            FUZZ_CHECK(hash_of(copy) == stateBefore, "load then store changed the state");
            lw_state_free(copy);
        }
    }
    FUZZ_CHECK(hash_of(state) == stateBefore, "lw_batch_load_player changed the state");

    // 2. A kernel over all rows.
    const std::vector<double> columnsBefore = snapshot(slots, count);
    const std::vector<double> outputsBefore = snapshot(outputs, count);
    lw_result rc = LW_OK;
    bool ran = true;
    const lw_advance_columns report{out(0), out(1), out(2)};
    lw_rate_columns rates{};
    for (int w = 0; w < LW_MAX_WOOL_TYPES; ++w) rates.rate[w] = out(3 + w);
    rates.value_rate = out(3 + LW_MAX_WOOL_TYPES);
    const lw_score_columns scores{out(20), out(21), out(22), out(23), out(24)};
    switch (kernel) {
        case 1: rc = lw_batch_advance(noReport ? nullptr : &report, fuzz::c_engine(), &c, toMs, arch); break;
        case 2: rc = lw_batch_advance_to(noReport ? nullptr : &report, fuzz::c_engine(), &c, timeArg, arch); break;
        case 3: rc = lw_batch_production_rates(&rates, fuzz::c_engine(), &c, timeArg, arch); break;
        case 4: rc = lw_batch_pending_soul_shears(out(19), fuzz::c_engine(), &c, timeArg, arch); break;
        case 5: rc = lw_batch_scores(&scores, fuzz::c_engine(), &c, timeArg, arch); break;
        default: ran = false; break;
    }
    if (ran && rc != LW_OK) {
        check_refusal(rc, nullptr, "a batch kernel");
        FUZZ_CHECK(same_bytes(columnsBefore, snapshot(slots, count)), "a refused kernel changed a column");
        FUZZ_CHECK(same_bytes(outputsBefore, snapshot(outputs, count)), "a refused kernel wrote an output");
    }
    if (ran && rc == LW_OK && (kernel >= 3)) FUZZ_CHECK(same_bytes(columnsBefore, snapshot(slots, count)), "a kernel that only reads changed a column");

    // A row loaded from the state gives the scalar engine's bits, whatever the other rows hold.
    if (ran && rc == LW_OK && rowLoaded && (kernel == 1 || kernel == 2 || kernel == 3)) {
        const Ruleset& rules = default_ruleset();
        static const State fixtures[2] = {fuzz::load_fixture(kNewFarm), fuzz::load_fixture(kMidgame)};
        State scalar = fixtures[midgame ? 1 : 0];
        if (kernel == 3) {
            const Production p = compute_production(rules, scalar, timeArg);
            for (int w = 0; w < rules.wool_count(); ++w)
                if (rates.rate[w]) FUZZ_CHECK(same_bits(rates.rate[w][index], p.rate[w]), "batch rate differs from the scalar one");
            if (rates.value_rate) FUZZ_CHECK(same_bits(rates.value_rate[index], p.valueRate), "batch valueRate differs");
        } else {
            const double to = kernel == 1 ? toMs[index] : static_cast<double>(timeArg);
            const AdvanceReport r = advance(rules, scalar, static_cast<std::int64_t>(to));
            lw_state* copy = nullptr;
            FUZZ_CHECK(lw_state_copy(&copy, state) == LW_OK, "lw_state_copy");
            FUZZ_CHECK(lw_batch_store_player(copy, &c, index) == LW_OK,
                       std::string("a row advanced by the kernel does not store: ") + lw_errmsg());
            FUZZ_CHECK(hash_of(copy) == state_hash(rules, scalar),
                       "batch advance differs from the scalar one:\nbatch  " + save_of(copy) + "scalar " + save_to_json(rules, scalar));
            if (!noReport && out(2)) FUZZ_CHECK(same_bits(out(2)[index], r.valueGained), "batch valueGained differs");
            lw_state_free(copy);
        }
    }

    // 3. Row -> state.
    if (storeLast) {
        const std::uint64_t before = hash_of(state);
        const std::vector<double> columns = snapshot(slots, count);
        rc = lw_batch_store_player(state, &c, index);
        FUZZ_CHECK(same_bytes(columns, snapshot(slots, count)), "lw_batch_store_player changed a column");
        if (rc != LW_OK) {
            check_refusal(rc, state, "lw_batch_store_player");
            FUZZ_CHECK(hash_of(state) == before, "a refused lw_batch_store_player changed the state");
        } else {
            // The stored state is one a save can hold: it saves, loads back and hashes the same.
            const std::string saved = save_of(state);
            lw_state* reloaded = nullptr;
            const lw_result lr = lw_state_load(&reloaded, fuzz::c_engine(), saved.c_str());
            FUZZ_CHECK(lr == LW_OK, std::string("a stored state does not load from its save: ") + lw_errmsg() + "\n" + saved);
            std::uint64_t h1 = 0, h2 = 0;
            FUZZ_CHECK(lw_state_hash(&h1, state) == LW_OK && lw_state_hash(&h2, reloaded) == LW_OK && h1 == h2, "hash");
            lw_state_free(reloaded);
            const Result<State> s = load_save(default_ruleset(), saved);
            fuzz::check_round_trip(default_ruleset(), s.value(), "a stored state");
            State play = s.value();
            fuzz::apply_checked(default_ruleset(), play, Action::tick(play.lastUpdateMs));
            fuzz::apply_checked(default_ruleset(), play, Action::buy_building_max(play.lastUpdateMs, "barn"));
        }
    }
    lw_state_free(state);
    return 0;
}
