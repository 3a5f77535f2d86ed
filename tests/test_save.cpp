// Save format v1 (docs/rules.md §11, docs/save-format.md): new games, bit-exact round trips,
// the strict reader against the fixtures of tests/data/saves/, and the state hash.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/json_fields.hpp"
#include "test_support.hpp"

using namespace lwtest;
using OJson = nlohmann::ordered_json;

namespace {

constexpr std::size_t npos = std::string::npos;

// The ids of docs/rules.md §2, §3, §6 and §7, in table order.
const char* const kWoolIds[] = {"basic",    "silver",   "golden",      "rainbow",   "cosmic",
                                "ethereal", "temporal", "dimensional", "celestial", "quantum"};
const char* const kBuildingIds[] = {"barn", "shears", "transport", "factory",
                                    "lab",  "portal", "timeMachine", "dimensionGate"};
const char* const kUpgradeIds[] = {"sharp_shears",       "better_tools",          "caffeine_pills",
                                   "auto_clicker",       "night_shift",           "smart_scheduling",
                                   "selective_breeding", "workflow_optimization", "ai_management",
                                   "genetic_enhancement", "neural_network",       "quantum_computing",
                                   "time_dilation"};
const char* const kAchievementIds[] = {"first_wool",       "wool_collector",   "wool_tycoon",    "wool_emperor",
                                       "first_building",   "industrialist",    "mogul",          "automation_master",
                                       "first_prestige",   "veteran",          "legend",         "dedicated_player",
                                       "committed_farmer", "llama_devotee",    "eternal_guardian"};

// The state that tests/data/saves/valid-midgame.json was designed to hold: one prestige behind,
// barn 12, shears 4, transport 2, four early upgrades and seven achievements.
State midgame_state() {
    State s;
    s.playerId = "p-7f3a9c21";
    s.createdMs = 1700000000000;
    s.lastUpdateMs = 1700034500000;
    s.wool[0] = 18342.67;  // basic
    s.wool[1] = 2291.4;    // silver
    s.wool[2] = 137.25;    // golden
    s.buildings[0] = 12;   // barn
    s.buildings[1] = 4;    // shears
    s.buildings[2] = 2;    // transport
    // sharp_shears, better_tools, caffeine_pills, auto_clicker (table indices 0-3)
    s.upgrades = 0b1111;
    // first_wool(0), wool_collector(1), wool_tycoon(2), first_building(4), industrialist(5),
    // first_prestige(8), dedicated_player(11)
    s.achievements = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 11);
    s.soulShears = 1;
    s.totalPrestiges = 1;
    s.runValue = 48213.75;
    s.lifetimeValue = 21948213.75;
    s.playTimeMs = 31260000;
    s.clickTokensMilli = 13480;
    s.totalClicks = 4182;
    return s;
}

const std::string kMidgameHash = "f30eb5bbb5445053";  // the stateHash stored in valid-midgame.json

OJson parse_doc(const std::string& text) {
    OJson doc = OJson::parse(text, nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    return doc;
}

OJson midgame_doc() { return parse_doc(read_test_file("saves/valid-midgame.json")); }

std::uint64_t bits_of(double x) {
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
}

std::string hash_of(const State& s) { return format_hash(state_hash(rules(), s)); }

// Checks save -> load -> save: identical text, equal states and identical bits of every amount.
void check_round_trip(const State& s) {
    const std::string text = save_to_json(rules(), s);
    auto loaded = load_save(rules(), text);
    INFO(loaded.status().message);
    REQUIRE(loaded.ok());
    CHECK(loaded.value() == s);
    for (int w = 0; w < kMaxWoolTypes; ++w) CHECK(bits_of(loaded.value().wool[w]) == bits_of(s.wool[w]));
    CHECK(bits_of(loaded.value().soulShears) == bits_of(s.soulShears));
    CHECK(bits_of(loaded.value().runValue) == bits_of(s.runValue));
    CHECK(bits_of(loaded.value().lifetimeValue) == bits_of(s.lifetimeValue));
    CHECK(save_to_json(rules(), loaded.value()) == text);
}

// Loads `text` and expects a failure with `code` whose message contains every one of `parts`.
void check_rejected(const std::string& text, ErrorCode code, std::initializer_list<const char*> parts) {
    auto loaded = load_save(rules(), text);
    const std::string message = loaded.status().message;
    INFO("code ", std::string(error_code_name(loaded.status().code)), ", message: ", message);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().code == code);
    CHECK_FALSE(message.empty());
    for (const char* p : parts) {
        INFO("expected in message: ", std::string(p));
        CHECK(message.find(p) != npos);
    }
}

void check_rejected(const OJson& doc, ErrorCode code, std::initializer_list<const char*> parts) {
    check_rejected(doc.dump(2), code, parts);
}

// FNV-1a 64 over the byte layout documented in docs/save-format.md, written independently of the
// engine, so that a change of the canonical encoding (or a platform difference) shows up here.
class SpecHasher {
public:
    void bytes(const unsigned char* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            h_ ^= p[i];
            h_ *= 0x100000001b3ull;
        }
    }
    void ascii(const std::string& s) { bytes(reinterpret_cast<const unsigned char*>(s.data()), s.size()); }
    void le(std::uint64_t v, int n) {
        unsigned char b[8];
        for (int i = 0; i < n; ++i) b[i] = static_cast<unsigned char>((v >> (8 * i)) & 0xff);
        bytes(b, static_cast<std::size_t>(n));
    }
    void u32(std::uint32_t v) { le(v, 4); }
    void u64(std::uint64_t v) { le(v, 8); }
    void i64(std::int64_t v) { le(static_cast<std::uint64_t>(v), 8); }
    void f64(double v) { u64(v == 0.0 ? 0 : bits_of(v)); }
    void str(const std::string& s) {
        u32(static_cast<std::uint32_t>(s.size()));
        ascii(s);
    }
    std::uint64_t value() const { return h_; }

private:
    std::uint64_t h_ = 0xcbf29ce484222325ull;
};

std::uint64_t spec_state_hash(const State& s) {
    SpecHasher h;
    h.ascii("llamawool-state/1");
    h.str("llama-wool-farm/1");
    h.str(s.playerId);
    h.i64(s.createdMs);
    h.i64(s.lastUpdateMs);
    h.u32(10);
    for (int w = 0; w < 10; ++w) h.f64(s.wool[w]);
    h.u32(8);
    for (int b = 0; b < 8; ++b) h.i64(s.buildings[b]);
    h.u64(s.upgrades);
    h.u64(s.achievements);
    h.f64(s.soulShears);
    h.i64(s.totalPrestiges);
    h.f64(s.runValue);
    h.f64(s.lifetimeValue);
    h.i64(s.playTimeMs);
    h.i64(s.clickTokensMilli);
    h.i64(s.totalClicks);
    return h.value();
}

// Number of significant digits of a decimal string such as "0.30000000000000004" or "1e+21".
int significant_digits(const std::string& s) {
    std::string mantissa = s.substr(0, s.find_first_of("eE"));
    std::string digits;
    for (char c : mantissa)
        if (c >= '0' && c <= '9') digits += c;
    const auto first = digits.find_first_not_of('0');
    if (first == npos) return 1;
    digits = digits.substr(first);
    // Trailing zeros of an integer part ("1000") are not significant for round-tripping.
    const auto last = digits.find_last_not_of('0');
    return static_cast<int>(last + 1);
}

const double kAwkward[] = {
    0.1 + 0.2,
    0.1,
    1.0 / 3.0,
    1e-300,
    5e-324,                    // smallest subnormal
    2.2250738585072014e-308,   // smallest normal
    2.225073858507201e-308,    // largest subnormal
    1.7976931348623157e308,    // largest finite
    123456789.123456789,
    1.0000000000000002,        // next double after 1: needs 17 significant digits
    9007199254740993.0,        // 2^53 + 1, rounds to 2^53
    4.35,
    1e21,
    1e22,
    1e23,
    0.000123456789012345678,
    18342.67,
    8.00616960e10,
    2.5e-7,
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// New game

TEST_CASE("new_game: all zero, full click tokens, createdMs = lastUpdateMs = t") {
    const State s = new_game(rules(), "p-123", kT0);
    CHECK(s.playerId == "p-123");
    CHECK(s.createdMs == kT0);
    CHECK(s.lastUpdateMs == kT0);
    for (int w = 0; w < kMaxWoolTypes; ++w) CHECK(bits_of(s.wool[w]) == 0);
    for (int b = 0; b < kMaxBuildings; ++b) CHECK(s.buildings[b] == 0);
    CHECK(s.upgrades == 0);
    CHECK(s.achievements == 0);
    CHECK(bits_of(s.soulShears) == 0);
    CHECK(s.totalPrestiges == 0);
    CHECK(bits_of(s.runValue) == 0);
    CHECK(bits_of(s.lifetimeValue) == 0);
    CHECK(s.playTimeMs == 0);
    CHECK(s.clickTokensMilli == 20000);
    CHECK(s.totalClicks == 0);

    const State other = new_game(rules(), "p-123", 0);
    CHECK(other.createdMs == 0);
    CHECK(other.lastUpdateMs == 0);
}

TEST_CASE("new_game save text: documented field order, all ten wool types and eight buildings, amounts as strings") {
    const std::string text = save_to_json(rules(), new_game(rules(), "p-123", kT0));
    REQUIRE_FALSE(text.empty());
    CHECK(text.back() == '\n');
    const OJson doc = parse_doc(text);
    REQUIRE(doc.is_object());

    const std::vector<std::string> expectedKeys = {
        "format",     "version",    "ruleset",        "playerId",   "createdMs",    "lastUpdateMs",
        "wool",       "buildings",  "upgrades",       "achievements", "soulShears", "totalPrestiges",
        "runValue",   "lifetimeValue", "playTimeMs",  "clickTokensMilli", "totalClicks", "stateHash"};
    std::vector<std::string> keys;
    for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
    CHECK(keys == expectedKeys);

    CHECK(doc["format"] == "llamawool-save");
    CHECK(doc["version"] == 1);
    CHECK(doc["ruleset"] == "llama-wool-farm/1");
    CHECK(doc["playerId"] == "p-123");
    CHECK(doc["createdMs"] == kT0);
    CHECK(doc["lastUpdateMs"] == kT0);

    const OJson& wool = doc["wool"];
    REQUIRE(wool.is_object());
    CHECK(wool.size() == 10);
    std::size_t i = 0;
    for (auto it = wool.begin(); it != wool.end() && i < 10; ++it, ++i) {
        CHECK(it.key() == kWoolIds[i]);
        CHECK(it.value().is_string());
        CHECK(it.value() == "0");
    }
    const OJson& buildings = doc["buildings"];
    REQUIRE(buildings.is_object());
    CHECK(buildings.size() == 8);
    i = 0;
    for (auto it = buildings.begin(); it != buildings.end() && i < 8; ++it, ++i) {
        CHECK(it.key() == kBuildingIds[i]);
        CHECK(it.value().is_number_integer());
        CHECK(it.value() == 0);
    }
    CHECK(doc["upgrades"] == OJson::array());
    CHECK(doc["achievements"] == OJson::array());
    for (const char* amount : {"soulShears", "runValue", "lifetimeValue"}) {
        const std::string field = amount;
        CAPTURE(field);
        CHECK(doc[amount].is_string());
        CHECK(doc[amount] == "0");
    }
    CHECK(doc["totalPrestiges"] == 0);
    CHECK(doc["playTimeMs"] == 0);
    CHECK(doc["clickTokensMilli"] == 20000);
    CHECK(doc["totalClicks"] == 0);
    REQUIRE(doc["stateHash"].is_string());
    CHECK(doc["stateHash"].get<std::string>() == hash_of(new_game(rules(), "p-123", kT0)));
}

// ---------------------------------------------------------------------------------------------
// Round trips and amounts

TEST_CASE("round trip is bit-exact for new games") {
    check_round_trip(new_game(rules(), "p-123", kT0));
    check_round_trip(new_game(rules(), "a", 0));
    check_round_trip(new_game(rules(), "123e4567-e89b-12d3-a456-426614174000", 9007199254740991));
    check_round_trip(new_game(rules(), std::string(128, 'z'), kT0));
}

TEST_CASE("round trip is bit-exact for awkward doubles in every amount field") {
    for (double x : kAwkward) {
        CAPTURE(x);
        for (int w = 0; w < 10; ++w) {
            State s = new_game(rules(), "p-123", kT0);
            s.wool[w] = x;
            check_round_trip(s);
        }
        State s = midgame_state();
        s.soulShears = x;
        check_round_trip(s);
        s = midgame_state();
        s.runValue = x;
        check_round_trip(s);
        s = midgame_state();
        s.lifetimeValue = x;
        check_round_trip(s);
        // All amounts at once.
        for (int w = 0; w < 10; ++w) s.wool[w] = x;
        s.soulShears = s.runValue = x;
        check_round_trip(s);
    }
}

TEST_CASE("round trip keeps integer fields at their documented extremes") {
    State s = midgame_state();
    s.createdMs = 0;
    s.lastUpdateMs = 9007199254740991;  // 2^53 - 1
    s.totalPrestiges = 9007199254740991;
    s.playTimeMs = 9007199254740991;
    s.totalClicks = 9007199254740991;
    s.clickTokensMilli = 0;
    for (int b = 0; b < 8; ++b) s.buildings[b] = 100000;
    s.upgrades = (1u << 13) - 1;
    s.achievements = (1u << 15) - 1;
    check_round_trip(s);
}

TEST_CASE("format_amount gives the shortest decimal that round-trips") {
    CHECK(format_amount(0.1 + 0.2) == "0.30000000000000004");
    CHECK(format_amount(0.0) == "0");
    CHECK(format_amount(-0.0) == "0");
    CHECK(format_amount(1234.5) == "1234.5");
    CHECK(format_amount(0.1) == "0.1");
    CHECK(format_amount(1.0) == "1");
    CHECK(format_amount(18342.67) == "18342.67");
    CHECK(format_amount(1.0000000000000002) == "1.0000000000000002");
    CHECK(format_amount(123456789.123456789) == "123456789.12345679");
    CHECK(format_amount(1e21) == "1e+21");  // docs/save-format.md
    CHECK(format_amount(5e-324) == "5e-324");
    CHECK(format_amount(1.7976931348623157e308) == "1.7976931348623157e+308");

    for (double x : kAwkward) {
        const std::string s = format_amount(x);
        CAPTURE(s);
        // Round-trips bit for bit ...
        CHECK(bits_of(std::strtod(s.c_str(), nullptr)) == bits_of(x));
        // ... and no decimal with fewer significant digits does.
        const int digits = significant_digits(s);
        for (int p = 1; p < digits; ++p) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.*e", p - 1, x);
            CAPTURE(buf);
            CHECK(bits_of(std::strtod(buf, nullptr)) != bits_of(x));
        }
    }
}

TEST_CASE("decimal amounts parse to the bits of a correctly rounded strtod, whatever the locale") {
    // strtod in the "C" locale (this suite never calls setlocale) is the reference; the engine's
    // parser must give its bits without reading the locale (tests/locale/ runs the hosts under a
    // comma-decimal locale).
    auto parse = [](const std::string& text) {
        std::string whyNot;
        auto x = llamawool::detail::parse_decimal_amount(text, whyNot);
        CAPTURE(text);
        CAPTURE(whyNot);
        REQUIRE(x.has_value());
        CHECK(whyNot.empty());
        return *x;
    };
    std::vector<std::string> texts = {"0", "0.0", "5.", ".5", "1e5", "1E+5", "2.5e-3", "18342.67",
                                      "123456789012345678901234567890", "1e-400", "4.9e-324",
                                      "2.4703282292062327e-324", "2.4703282292062328e-324",
                                      "1.7976931348623157e308", "179769313486231580793728971405301e276",
                                      "0.30000000000000004", "9007199254740993", "00012.50"};
    for (double x : kAwkward) {
        char buf[64];
        for (int digits : {1, 6, 15, 16, 17}) {
            std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
            texts.emplace_back(buf);
        }
        texts.push_back(format_amount(x));
    }
    std::uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 2000; ++i) {  // random finite doubles, printed with 17 and with 9 digits
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        double x;
        const std::uint64_t bits = (seed >> 1) & 0x7fefffffffffffffull;
        std::memcpy(&x, &bits, sizeof x);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", x);
        texts.emplace_back(buf);
        std::snprintf(buf, sizeof buf, "%.9g", x);
        texts.emplace_back(buf);
    }
    for (const std::string& text : texts) {
        CAPTURE(text);
        const double reference = std::strtod(text.c_str(), nullptr);
        if (std::isfinite(reference)) {
            CHECK(bits_of(parse(text)) == bits_of(reference));
        } else {  // e.g. the largest double printed with 6 digits rounds up past it
            std::string whyNot;
            CHECK_FALSE(llamawool::detail::parse_decimal_amount(text, whyNot).has_value());
            CHECK(whyNot.find("is out of range") != npos);
        }
    }
    CHECK(bits_of(parse("1e-400")) == bits_of(0.0));  // underflow is zero, never -0

    std::string whyNot;
    for (const char* bad : {"", ".", "e5", "1e", "1e+", "1,5", "1.5.2", " 1", "1 ", "+1", "0x10", "inf", "nan",
                            "1.5e3x"}) {
        CAPTURE(bad);
        whyNot.clear();
        CHECK_FALSE(llamawool::detail::parse_decimal_amount(bad, whyNot).has_value());
        CHECK(whyNot.find("must be a decimal number string") != npos);
    }
    whyNot.clear();
    CHECK_FALSE(llamawool::detail::parse_decimal_amount("1e309", whyNot).has_value());
    CHECK(whyNot == "is out of range for a binary64 amount, got \"1e309\"");
    whyNot.clear();
    CHECK_FALSE(llamawool::detail::parse_decimal_amount("-1.5", whyNot).has_value());
    CHECK(whyNot == "must not be negative, got \"-1.5\"");
}

// ---------------------------------------------------------------------------------------------
// The valid fixture and reader leniency that the format allows

TEST_CASE("valid-midgame.json loads to the designed state and saves back byte for byte") {
    const std::string text = read_test_file("saves/valid-midgame.json");
    auto loaded = load_save(rules(), text);
    INFO(loaded.status().message);
    REQUIRE(loaded.ok());
    CHECK(loaded.value() == midgame_state());
    CHECK(save_to_json(rules(), loaded.value()) == text);
    CHECK(hash_of(midgame_state()) == kMidgameHash);
    CHECK(parse_doc(text)["stateHash"] == kMidgameHash);
}

TEST_CASE("readers accept JSON numbers for amounts") {
    SUBCASE("same values as numbers: same state, same hash") {
        OJson doc = midgame_doc();
        doc["wool"]["basic"] = 18342.67;
        doc["wool"]["silver"] = 2291.4;
        doc["wool"]["rainbow"] = 0;             // a JSON integer
        doc["soulShears"] = 1;
        doc["runValue"] = 48213.75;
        doc["lifetimeValue"] = 21948213.75;
        auto loaded = load_save(rules(), doc.dump());
        INFO(loaded.status().message);
        REQUIRE(loaded.ok());
        CHECK(loaded.value() == midgame_state());
        // Written back, amounts are strings again: the text equals the fixture.
        CHECK(save_to_json(rules(), loaded.value()) == read_test_file("saves/valid-midgame.json"));
    }
    SUBCASE("\"soulShears\": 3 with the hash of that state") {
        State expected = midgame_state();
        expected.soulShears = 3;
        OJson doc = midgame_doc();
        doc["soulShears"] = 3;
        doc["stateHash"] = hash_of(expected);
        auto loaded = load_save(rules(), doc.dump(2));
        INFO(loaded.status().message);
        REQUIRE(loaded.ok());
        CHECK(loaded.value() == expected);
        CHECK(loaded.value().soulShears == 3.0);
    }
    SUBCASE("a JSON -0.0 is zero") {
        OJson doc = midgame_doc();
        doc["wool"]["rainbow"] = -0.0;
        auto loaded = load_save(rules(), doc.dump());
        INFO(loaded.status().message);
        REQUIRE(loaded.ok());
        CHECK(loaded.value() == midgame_state());
    }
}

TEST_CASE("the hash is over the state, not the text") {
    const State expected = midgame_state();
    auto load_ok = [&](const std::string& text) {
        auto loaded = load_save(rules(), text);
        INFO(loaded.status().message);
        REQUIRE(loaded.ok());
        CHECK(loaded.value() == expected);
        CHECK(save_to_json(rules(), loaded.value()) == read_test_file("saves/valid-midgame.json"));
    };
    SUBCASE("upgrades and achievements in reverse order") {
        OJson doc = midgame_doc();
        OJson ups = OJson::array(), achs = OJson::array();
        for (auto it = doc["upgrades"].rbegin(); it != doc["upgrades"].rend(); ++it) ups.push_back(*it);
        for (auto it = doc["achievements"].rbegin(); it != doc["achievements"].rend(); ++it) achs.push_back(*it);
        REQUIRE(ups.size() == 4);
        REQUIRE(achs.size() == 7);
        CHECK(ups.front() == "auto_clicker");
        doc["upgrades"] = ups;
        doc["achievements"] = achs;
        load_ok(doc.dump(2));
    }
    SUBCASE("upgrades interleaved") {
        OJson doc = midgame_doc();
        doc["upgrades"] = OJson::array({"caffeine_pills", "sharp_shears", "auto_clicker", "better_tools"});
        load_ok(doc.dump());
    }
    SUBCASE("top-level keys in reverse order, compact") {
        const OJson doc = midgame_doc();
        OJson rev = OJson::object();
        std::vector<std::string> keys;
        for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
        for (auto k = keys.rbegin(); k != keys.rend(); ++k) rev[*k] = doc[*k];
        load_ok(rev.dump());
    }
    SUBCASE("amounts in non-shortest spellings") {
        OJson doc = midgame_doc();
        doc["wool"]["basic"] = "18342.670";
        doc["wool"]["silver"] = "2.2914e3";
        doc["wool"]["golden"] = "137.25000000000000000000";
        doc["wool"]["rainbow"] = "0.0";
        doc["runValue"] = "4821375E-2";
        doc["lifetimeValue"] = "21948213.75e0";
        load_ok(doc.dump(2));
    }
}

TEST_CASE("playerId: 1-128 of letters, digits and _ - . : (UUIDs fit)") {
    CHECK(is_valid_player_id("p-123"));
    CHECK(is_valid_player_id("a"));
    CHECK(is_valid_player_id("123e4567-e89b-12d3-a456-426614174000"));
    CHECK(is_valid_player_id("user_1.eu:42"));
    CHECK(is_valid_player_id(std::string(128, 'x')));
    CHECK_FALSE(is_valid_player_id(""));
    CHECK_FALSE(is_valid_player_id(std::string(129, 'x')));
    CHECK_FALSE(is_valid_player_id("p 123"));
    CHECK_FALSE(is_valid_player_id("p/123"));
    CHECK_FALSE(is_valid_player_id("p\"123"));
    CHECK_FALSE(is_valid_player_id("p\n"));
    CHECK_FALSE(is_valid_player_id("caf\xc3\xa9"));  // UTF-8 é is not an ASCII letter

    SUBCASE("a 128-character UUID-like id with its hash loads") {
        State expected = midgame_state();
        expected.playerId = std::string(100, 'a') + "-._:" + std::string(24, '9');
        REQUIRE(expected.playerId.size() == 128);
        OJson doc = midgame_doc();
        doc["playerId"] = expected.playerId;
        doc["stateHash"] = hash_of(expected);
        auto loaded = load_save(rules(), doc.dump(2));
        INFO(loaded.status().message);
        REQUIRE(loaded.ok());
        CHECK(loaded.value() == expected);
    }
    SUBCASE("empty and 129-character ids are rejected naming playerId") {
        OJson doc = midgame_doc();
        doc["playerId"] = "";
        check_rejected(doc, ErrorCode::invalid_save, {"playerId"});
        doc["playerId"] = std::string(129, 'a');
        check_rejected(doc, ErrorCode::invalid_save, {"playerId", "aaaaaaaa"});
    }
}

// ---------------------------------------------------------------------------------------------
// Corrupt fixtures

TEST_CASE("each corrupt fixture fails with its own code and a message naming the field and value") {
    struct Corrupt {
        const char* file;
        ErrorCode code;
        std::vector<const char*> parts;
    };
    const Corrupt cases[] = {
        {"wrong-hash.json", ErrorCode::state_hash_mismatch, {"stateHash", "f30eb5bbb5445054"}},
        {"negative-amount.json", ErrorCode::invalid_save, {"wool.basic", "-5"}},
        {"nan-amount.json", ErrorCode::invalid_save, {"wool.basic", "NaN"}},
        {"overflow-amount.json", ErrorCode::invalid_save, {"wool.basic", "1e400"}},
        {"unknown-building.json", ErrorCode::invalid_save, {"buildings.windmill"}},
        {"missing-field.json", ErrorCode::invalid_save, {"totalClicks"}},
        {"unknown-field.json", ErrorCode::invalid_save, {"cheatMode"}},
        {"duplicate-upgrade.json", ErrorCode::invalid_save, {"upgrades", "sharp_shears", "duplicate"}},
        {"unknown-upgrade.json", ErrorCode::invalid_save, {"upgrades", "golden_shears"}},
        {"wrong-type.json", ErrorCode::invalid_save, {"buildings.transport", "\"3\""}},
        {"bad-player-id.json", ErrorCode::invalid_save, {"playerId", "p 7f3a9c21"}},
        {"foreign-ruleset.json", ErrorCode::ruleset_mismatch, {"ruleset", "other-game/2"}},
        {"not-json.json", ErrorCode::invalid_json, {}},
        {"edited-wool.json", ErrorCode::state_hash_mismatch, {"stateHash", kMidgameHash.c_str()}},
    };
    const std::string valid = read_test_file("saves/valid-midgame.json");
    REQUIRE(load_save(rules(), valid).ok());
    for (const Corrupt& c : cases) {
        const std::string file = c.file;
        CAPTURE(file);
        const std::string text = read_test_file("saves/" + file);
        CHECK(text != valid);
        auto loaded = load_save(rules(), text);
        const std::string message = loaded.status().message;
        INFO("code ", std::string(error_code_name(loaded.status().code)), ", message: ", message);
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.status().code == c.code);
        CHECK_FALSE(message.empty());
        for (const char* p : c.parts) {
            INFO("expected in message: ", std::string(p));
            CHECK(message.find(p) != npos);
        }
    }
}

TEST_CASE("the corrupt fixtures differ from the valid one in exactly their one problem") {
    const OJson valid = midgame_doc();
    auto doc = [](const char* file) { return parse_doc(read_test_file(std::string("saves/") + file)); };
    OJson d = doc("wrong-hash.json");
    CHECK(d["stateHash"] == "f30eb5bbb5445054");
    d["stateHash"] = kMidgameHash;
    CHECK(d == valid);

    for (auto [file, value] : {std::pair{"negative-amount.json", "-5"}, std::pair{"nan-amount.json", "NaN"},
                               std::pair{"overflow-amount.json", "1e400"}}) {
        const std::string name = file;
        CAPTURE(name);
        d = doc(file);
        CHECK(d["wool"]["basic"] == value);
        d["wool"]["basic"] = valid["wool"]["basic"];
        CHECK(d == valid);
    }

    d = doc("unknown-building.json");
    CHECK(d["buildings"].contains("windmill"));
    d["buildings"].erase("windmill");
    CHECK(d == valid);

    d = doc("missing-field.json");
    CHECK_FALSE(d.contains("totalClicks"));
    OJson validWithout = valid;
    validWithout.erase("totalClicks");
    CHECK(d == validWithout);

    d = doc("unknown-field.json");
    CHECK(d.contains("cheatMode"));
    d.erase("cheatMode");
    CHECK(d == valid);

    d = doc("duplicate-upgrade.json");
    CHECK(d["upgrades"].size() == 5);
    d["upgrades"].erase(4);
    CHECK(d == valid);

    d = doc("unknown-upgrade.json");
    CHECK(d["upgrades"].size() == 5);
    CHECK(d["upgrades"][4] == "golden_shears");
    d["upgrades"].erase(4);
    CHECK(d == valid);

    d = doc("wrong-type.json");
    CHECK(d["buildings"]["transport"] == "3");
    d["buildings"]["transport"] = 2;
    CHECK(d == valid);

    d = doc("bad-player-id.json");
    CHECK(d["playerId"].get<std::string>().find(' ') != npos);
    d["playerId"] = valid["playerId"];
    CHECK(d == valid);

    d = doc("foreign-ruleset.json");
    CHECK(d["ruleset"] == "other-game/2");
    d["ruleset"] = valid["ruleset"];
    CHECK(d == valid);

    d = doc("edited-wool.json");
    CHECK(d["stateHash"] == valid["stateHash"]);
    CHECK(d["wool"]["golden"] != valid["wool"]["golden"]);
    d["wool"]["golden"] = valid["wool"]["golden"];
    CHECK(d == valid);

    const std::string notJson = read_test_file("saves/not-json.json");
    CHECK(OJson::parse(notJson, nullptr, false).is_discarded());
    CHECK(read_test_file("saves/valid-midgame.json").rfind(notJson, 0) == 0);  // a truncated copy
}

// ---------------------------------------------------------------------------------------------
// More reader rejections, built by editing the valid fixture

TEST_CASE("reader rejects bad amounts naming the field and the value") {
    OJson doc = midgame_doc();
    SUBCASE("strings that are not plain decimals") {
        for (const char* bad : {"+5", "inf", "Infinity", "-inf", "nan", "0x10", " 5", "5 ", "1,5", "", "e5", "1e", "--1",
                                "five"}) {
            const std::string badText = bad;
            CAPTURE(badText);
            doc["wool"]["silver"] = bad;
            check_rejected(doc, ErrorCode::invalid_save, {"wool.silver"});
        }
    }
    SUBCASE("negative values") {
        doc["runValue"] = "-0.5";
        check_rejected(doc, ErrorCode::invalid_save, {"runValue", "-0.5"});
        doc = midgame_doc();
        doc["soulShears"] = -2;
        check_rejected(doc, ErrorCode::invalid_save, {"soulShears", "-2"});
        doc = midgame_doc();
        doc["wool"]["quantum"] = -1e-300;
        check_rejected(doc, ErrorCode::invalid_save, {"wool.quantum"});
    }
    SUBCASE("out of range strings") {
        doc["lifetimeValue"] = "1.8e308";
        check_rejected(doc, ErrorCode::invalid_save, {"lifetimeValue", "1.8e308"});
    }
    SUBCASE("wrong types") {
        doc["wool"]["golden"] = true;
        check_rejected(doc, ErrorCode::invalid_save, {"wool.golden", "true"});
        doc = midgame_doc();
        doc["soulShears"] = nullptr;
        check_rejected(doc, ErrorCode::invalid_save, {"soulShears", "null"});
        doc = midgame_doc();
        doc["runValue"] = OJson::array({1});
        check_rejected(doc, ErrorCode::invalid_save, {"runValue"});
    }
}

TEST_CASE("reader rejects bad integers, ids and structure") {
    OJson doc = midgame_doc();
    SUBCASE("building level out of range or not an integer") {
        doc["buildings"]["barn"] = 100001;
        check_rejected(doc, ErrorCode::invalid_save, {"buildings.barn", "100001"});
        doc["buildings"]["barn"] = -1;
        check_rejected(doc, ErrorCode::invalid_save, {"buildings.barn", "-1"});
        doc["buildings"]["barn"] = 12.5;
        check_rejected(doc, ErrorCode::invalid_save, {"buildings.barn", "12.5"});
    }
    SUBCASE("a building level of 100000 is in range") {
        State expected = midgame_state();
        expected.buildings[7] = 100000;
        doc["buildings"]["dimensionGate"] = 100000;
        doc["stateHash"] = hash_of(expected);
        auto loaded = load_save(rules(), doc.dump());
        INFO(loaded.status().message);
        REQUIRE(loaded.ok());
        CHECK(loaded.value() == expected);
    }
    SUBCASE("times and counters") {
        doc["createdMs"] = -1;
        check_rejected(doc, ErrorCode::invalid_save, {"createdMs", "-1"});
        doc = midgame_doc();
        doc["lastUpdateMs"] = 9007199254740992;  // 2^53
        check_rejected(doc, ErrorCode::invalid_save, {"lastUpdateMs", "9007199254740992"});
        doc = midgame_doc();
        doc["playTimeMs"] = "31260000";
        check_rejected(doc, ErrorCode::invalid_save, {"playTimeMs", "\"31260000\""});
        doc = midgame_doc();
        doc["clickTokensMilli"] = 20001;
        check_rejected(doc, ErrorCode::invalid_save, {"clickTokensMilli", "20001"});
        doc = midgame_doc();
        doc["totalPrestiges"] = 1.5;
        check_rejected(doc, ErrorCode::invalid_save, {"totalPrestiges", "1.5"});
        doc = midgame_doc();
        doc["totalClicks"] = 18446744073709551615ull;
        check_rejected(doc, ErrorCode::invalid_save, {"totalClicks", "18446744073709551615"});
    }
    SUBCASE("format and version") {
        doc["format"] = "llamawool-savegame";
        check_rejected(doc, ErrorCode::invalid_save, {"format", "llamawool-savegame"});
        doc = midgame_doc();
        doc["version"] = 2;
        check_rejected(doc, ErrorCode::invalid_save, {"version", "2"});
        doc = midgame_doc();
        doc["version"] = "1";
        check_rejected(doc, ErrorCode::invalid_save, {"version"});
    }
    SUBCASE("stateHash must be 16 lowercase hex digits") {
        doc["stateHash"] = "F30EB5BBB5445053";
        check_rejected(doc, ErrorCode::invalid_save, {"stateHash", "F30EB5BBB5445053"});
        doc["stateHash"] = "f30eb5bbb544505";
        check_rejected(doc, ErrorCode::invalid_save, {"stateHash", "f30eb5bbb544505"});
        doc["stateHash"] = "0xf30eb5bbb54450";
        check_rejected(doc, ErrorCode::invalid_save, {"stateHash"});
        doc["stateHash"] = 1234;
        check_rejected(doc, ErrorCode::invalid_save, {"stateHash"});
    }
    SUBCASE("achievements: unknown, duplicate, not a string") {
        doc["achievements"].push_back("speed_runner");
        check_rejected(doc, ErrorCode::invalid_save, {"achievements", "speed_runner"});
        doc = midgame_doc();
        doc["achievements"].push_back("first_wool");
        check_rejected(doc, ErrorCode::invalid_save, {"achievements", "first_wool"});
        doc = midgame_doc();
        doc["achievements"].push_back(3);
        check_rejected(doc, ErrorCode::invalid_save, {"achievements"});
        doc = midgame_doc();
        doc["upgrades"] = "sharp_shears";
        check_rejected(doc, ErrorCode::invalid_save, {"upgrades"});
    }
    SUBCASE("wool: a missing type, an unknown type, not an object") {
        doc["wool"].erase("quantum");
        check_rejected(doc, ErrorCode::invalid_save, {"wool.quantum"});
        doc = midgame_doc();
        doc["wool"]["plaid"] = "1";
        check_rejected(doc, ErrorCode::invalid_save, {"wool.plaid"});
        doc = midgame_doc();
        doc["wool"] = OJson::array();
        check_rejected(doc, ErrorCode::invalid_save, {"wool"});
        doc = midgame_doc();
        doc["buildings"].erase("lab");
        check_rejected(doc, ErrorCode::invalid_save, {"buildings.lab"});
    }
    SUBCASE("every required top-level field is required") {
        const OJson valid = midgame_doc();
        for (auto it = valid.begin(); it != valid.end(); ++it) {
            const std::string key = it.key();
            CAPTURE(key);
            OJson d = valid;
            d.erase(key);
            auto loaded = load_save(rules(), d.dump());
            REQUIRE_FALSE(loaded.ok());
            CHECK(loaded.status().code == ErrorCode::invalid_save);
            CHECK(loaded.status().message.find(key) != npos);
        }
    }
    SUBCASE("documents that are JSON but not an object") {
        check_rejected(std::string("[]"), ErrorCode::invalid_save, {});
        check_rejected(std::string("\"llamawool-save\""), ErrorCode::invalid_save, {});
        check_rejected(std::string("null"), ErrorCode::invalid_save, {});
    }
    SUBCASE("text that is not JSON") {
        check_rejected(std::string(""), ErrorCode::invalid_json, {});
        check_rejected(std::string("{\"format\": \"llamawool-save\",}"), ErrorCode::invalid_json, {});
        check_rejected(read_test_file("saves/valid-midgame.json") + "}", ErrorCode::invalid_json, {});
    }
    SUBCASE("a different ruleset id is ruleset_mismatch, also for a ruleset of the same game") {
        doc["ruleset"] = "llama-wool-farm/2";
        check_rejected(doc, ErrorCode::ruleset_mismatch, {"ruleset", "llama-wool-farm/2"});
    }
}

TEST_CASE("a save is bound to the ruleset the engine runs") {
    const Ruleset withEvents = ruleset_with_events(
        R"([{"id": "double_wool_weekend", "startMs": 1700003600000, "endMs": 1700176400000, "effects": {"production": 2}}])");
    const std::string text = read_test_file("saves/valid-midgame.json");
    auto loaded = load_save(withEvents, text);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().code == ErrorCode::ruleset_mismatch);
    CHECK(loaded.status().message.find("llama-wool-farm/1") != npos);

    // Saved under that ruleset, the same state round-trips there and names its id.
    const std::string other = save_to_json(withEvents, midgame_state());
    CHECK(parse_doc(other)["ruleset"] == "llama-wool-farm/1+events");
    auto back = load_save(withEvents, other);
    INFO(back.status().message);
    REQUIRE(back.ok());
    CHECK(back.value() == midgame_state());
    CHECK(load_save(rules(), other).status().code == ErrorCode::ruleset_mismatch);
}

// ---------------------------------------------------------------------------------------------
// The state hash

TEST_CASE("state_hash follows the canonical encoding of docs/save-format.md") {
    CHECK(state_hash(rules(), midgame_state()) == spec_state_hash(midgame_state()));
    CHECK(state_hash(rules(), new_game(rules(), "p-123", kT0)) == spec_state_hash(new_game(rules(), "p-123", kT0)));
    State s = midgame_state();
    s.wool[9] = 1.7976931348623157e308;
    s.runValue = 5e-324;
    s.playerId = std::string(128, 'Q');
    CHECK(state_hash(rules(), s) == spec_state_hash(s));
}

TEST_CASE("state_hash changes when any single field changes") {
    const State base = midgame_state();
    const std::uint64_t baseHash = state_hash(rules(), base);
    CHECK(state_hash(rules(), base) == baseHash);  // deterministic
    State copy = base;
    CHECK(state_hash(rules(), copy) == baseHash);

    std::vector<std::pair<std::string, State>> variants;
    auto add = [&](std::string name, auto edit) {
        State s = base;
        edit(s);
        variants.emplace_back(std::move(name), std::move(s));
    };
    for (int w = 0; w < 10; ++w) {
        add(std::string("wool ") + kWoolIds[w], [w](State& s) { s.wool[w] += 1; });
        add(std::string("wool 1 ulp ") + kWoolIds[w],
            [w](State& s) { s.wool[w] = std::nextafter(s.wool[w], std::numeric_limits<double>::infinity()); });
    }
    for (int b = 0; b < 8; ++b) add(std::string("building ") + kBuildingIds[b], [b](State& s) { s.buildings[b] += 1; });
    for (int u = 0; u < 13; ++u)
        add(std::string("upgrade bit ") + kUpgradeIds[u], [u](State& s) { s.upgrades ^= std::uint64_t{1} << u; });
    for (int a = 0; a < 15; ++a)
        add(std::string("achievement bit ") + kAchievementIds[a],
            [a](State& s) { s.achievements ^= std::uint64_t{1} << a; });
    add("soulShears", [](State& s) { s.soulShears = 2; });
    add("soulShears 1 ulp", [](State& s) { s.soulShears = std::nextafter(1.0, 2.0); });
    add("totalPrestiges", [](State& s) { s.totalPrestiges = 2; });
    add("runValue", [](State& s) { s.runValue += 0.25; });
    add("lifetimeValue", [](State& s) { s.lifetimeValue += 0.25; });
    add("playTimeMs", [](State& s) { s.playTimeMs += 1; });
    add("clickTokensMilli", [](State& s) { s.clickTokensMilli -= 1; });
    add("totalClicks", [](State& s) { s.totalClicks += 1; });
    add("createdMs", [](State& s) { s.createdMs += 1; });
    add("lastUpdateMs", [](State& s) { s.lastUpdateMs += 1; });
    add("playerId", [](State& s) { s.playerId = "p-7f3a9c22"; });
    add("playerId longer", [](State& s) { s.playerId += "0"; });
    // Values swapped between fields must not collide either.
    add("createdMs <-> lastUpdateMs", [](State& s) { std::swap(s.createdMs, s.lastUpdateMs); });
    add("runValue <-> lifetimeValue", [](State& s) { std::swap(s.runValue, s.lifetimeValue); });
    add("basic <-> silver", [](State& s) { std::swap(s.wool[0], s.wool[1]); });

    std::set<std::uint64_t> seen{baseHash};
    for (const auto& variant : variants) {
        const std::string& name = variant.first;
        const State& s = variant.second;
        CAPTURE(name);
        const std::uint64_t h = state_hash(rules(), s);
        CHECK(h != baseHash);
        CHECK(seen.insert(h).second);  // every variant hashes differently from all others
        CHECK(h == spec_state_hash(s));
    }

    // The ruleset id is part of the hash.
    const Ruleset other = ruleset_with_events("[]", "llama-wool-farm/1-copy");
    CHECK(state_hash(other, base) != baseHash);
}

TEST_CASE("-0.0 and +0.0 hash alike and save alike") {
    State pos = new_game(rules(), "p-123", kT0);
    State neg = pos;
    for (int w = 0; w < 10; ++w) neg.wool[w] = -0.0;
    neg.soulShears = -0.0;
    neg.runValue = -0.0;
    neg.lifetimeValue = -0.0;
    REQUIRE(std::signbit(neg.wool[3]));
    CHECK(state_hash(rules(), neg) == state_hash(rules(), pos));
    CHECK(save_to_json(rules(), neg) == save_to_json(rules(), pos));
    auto loaded = load_save(rules(), save_to_json(rules(), neg));
    REQUIRE(loaded.ok());
    CHECK_FALSE(std::signbit(loaded.value().wool[3]));
    CHECK_FALSE(std::signbit(loaded.value().runValue));
}

TEST_CASE("format_hash is 16 lowercase hex digits") {
    CHECK(format_hash(0) == "0000000000000000");
    CHECK(format_hash(0xdeadbeefull) == "00000000deadbeef");
    CHECK(format_hash(0x0123456789ABCDEFull) == "0123456789abcdef");
    CHECK(format_hash(~std::uint64_t{0}) == "ffffffffffffffff");
    CHECK(format_hash(0xF000000000000000ull) == "f000000000000000");
    for (const State& s : {midgame_state(), new_game(rules(), "x", 0)}) {
        const std::string h = format_hash(state_hash(rules(), s));
        CHECK(h.size() == 16);
        CHECK(h.find_first_not_of("0123456789abcdef") == npos);
        CHECK(std::strtoull(h.c_str(), nullptr, 16) == state_hash(rules(), s));
    }
}

TEST_CASE("a JSON number beyond the binary64 range is invalid_save naming the field") {
    // §11: readers accept JSON numbers for amounts and reject "infinite or out-of-range numbers"
    // "with a message naming the field". 1e400 is valid JSON grammar, so this is not invalid_json.
    const std::string valid = read_test_file("saves/valid-midgame.json");
    auto with = [&](const std::string& from, const std::string& to) {
        std::string text = valid;
        const auto at = text.find(from);
        REQUIRE(at != npos);
        text.replace(at, from.size(), to);
        return text;
    };
    check_rejected(with("\"basic\": \"18342.67\"", "\"basic\": 1e400"), ErrorCode::invalid_save,
                   {"wool.basic", "1e400"});
    check_rejected(with("\"runValue\": \"48213.75\"", "\"runValue\": -1e400"), ErrorCode::invalid_save,
                   {"runValue", "-1e400"});
    check_rejected(with("\"createdMs\": 1700000000000", "\"createdMs\": 1e400"), ErrorCode::invalid_save,
                   {"createdMs", "1e400"});
    check_rejected(with("\"barn\": 12", "\"barn\": 12e999"), ErrorCode::invalid_save,
                   {"buildings.barn", "12e999"});
}
