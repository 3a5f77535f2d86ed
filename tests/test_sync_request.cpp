// The sync request's two parsers (engine/formats/sync_request_plain.hpp): on every text the plain-form
// parser accepts, it gives exactly the request the general parser gives, and it accepts what
// clients send. Texts are generated from pieces, well-formed and broken in every way the general
// parser handles (escapes, non-ASCII, duplicates, missing and extra fields, wrong types, integers
// written as floats, out-of-range numbers, whitespace, trailing bytes).
#include <cstring>

#include "formats/action_json.hpp"
#include "bot.hpp"
#include "formats/sync_request_plain.hpp"
#include "test_support.hpp"

using namespace lwtest;

namespace {

template <std::size_t N>
std::string pick(SplitMix64& rng, const char* const (&options)[N]) {
    return options[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(N) - 1))];
}

const char* const kTimes[] = {"0", "1", "1700000000000", "1700000004100", "9007199254740991", "9007199254740992",
                              "17000000000000000", "-1", "01", "1.0", "1e3", "\"1700000000000\"", "null"};
const char* const kIntegers[] = {"1", "20", "-3", "0", "-0", "999999999999999999", "-999999999999999999",
                                 "1000000000000000000", "9223372036854775807", "9223372036854775808", "1.5", "2e1",
                                 "\"2\"", "true", "007"};
const char* const kIds[] = {"\"barn\"", "\"shears\"", "\"sharp_shears\"", "\"ba\\u0072n\"", "\"b\\\"a\"", "\"\xc3\xa9\"",
                            "\"\"", "\"\\u0000\"", "\"a b\"", "5", "null", "\"~\""};
const char* const kAmounts[] = {"0", "0.0", "-0", "1", "150", "1.5e3", "1.5E+3", "0.1", "1e-400", "1e400",
                                "2.2250738585072014e-308", "4.9e-324", "123456789012345678901234567890",
                                "1.7976931348623157e308", "1.7976931348623159e308", "-5", "\"12\"", "1.", ".5",
                                "18446744073709551616", "18446744073709551615", "9007199254740993", "3.14159265358979323846"};
const char* const kTypes[] = {"\"tick\"", "\"shear\"", "\"buy_building\"", "\"buy_upgrade\"", "\"prestige\"", "\"jump\"",
                              "\"Shear\"", "\"sh\\u0065ar\"", "7"};
const char* const kHashes[] = {"\"0123456789abcdef\"", "\"fedcba9876543210\"", "\"0123456789ABCDEF\"", "\"0123456789abcde\"",
                               "\"0123456789abcdef0\"", "12", "\"0123456789abcdeg\""};
const char* const kSpaces[] = {"", "", "", " ", "\n", "\t", "\r\n  "};

// The fields an action of each type takes; the generator usually gives them, and sometimes drops
// one, adds another, or repeats one.
struct Piece {
    std::string key;
    std::string value;
};

std::vector<Piece> action_fields(SplitMix64& rng) {
    std::vector<Piece> f;
    const std::string type = pick(rng, kTypes);
    f.push_back({"t", rng.chance(85) ? "1700000004100" : pick(rng, kTimes)});
    f.push_back({"type", type});
    auto integer = [&] { return rng.chance(70) ? std::to_string(rng.range(1, 5)) : pick(rng, kIntegers); };
    auto id = [&](const char* usual) { return rng.chance(70) ? std::string(usual) : pick(rng, kIds); };
    if (type == "\"shear\"") f.push_back({"count", integer()});
    if (type == "\"buy_building\"") {
        f.push_back({"building", id("\"barn\"")});
        f.push_back({"quantity", rng.chance(20) ? (rng.chance(80) ? "\"max\"" : "\"MAX\"") : integer()});
        if (rng.chance(50)) f.push_back({"expectedCost", pick(rng, kAmounts)});
    }
    if (type == "\"buy_upgrade\"") f.push_back({"upgrade", id("\"sharp_shears\"")});
    if (type == "\"prestige\"" && rng.chance(50)) f.push_back({"expectedSoulShears", pick(rng, kAmounts)});
    if (rng.chance(8) && !f.empty()) f.erase(f.begin() + rng.range(0, static_cast<std::int64_t>(f.size()) - 1));
    if (rng.chance(8)) {
        const char* const extras[] = {"count", "building", "quantity", "expectedCost", "upgrade", "expectedSoulShears", "x", "T"};
        f.push_back({pick(rng, extras), rng.chance(50) ? integer() : pick(rng, kAmounts)});
    }
    if (rng.chance(5) && !f.empty()) f.push_back(f[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(f.size()) - 1))]);
    for (std::size_t i = f.size(); i > 1; --i) {  // any key order
        if (rng.chance(30)) std::swap(f[i - 1], f[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(i) - 1))]);
    }
    return f;
}

std::string object_text(SplitMix64& rng, const std::vector<Piece>& fields) {
    auto sp = [&] { return pick(rng, kSpaces); };
    std::string out = sp() + "{";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += sp() + ",";
        out += sp() + "\"" + fields[i].key + "\"" + sp() + ":" + sp() + fields[i].value;
    }
    return out + sp() + "}";
}

std::string request_text(SplitMix64& rng) {
    std::string actions = "[";
    const auto n = rng.range(0, 6);
    for (std::int64_t i = 0; i < n; ++i) {
        if (i) actions += ",";
        actions += object_text(rng, action_fields(rng));
    }
    actions += "]";
    if (rng.chance(3)) actions = rng.chance(50) ? "{}" : "null";
    std::vector<Piece> top = {{"baseHash", rng.chance(90) ? kHashes[0] : pick(rng, kHashes)},
                              {"actions", actions},
                              {"claimedHash", rng.chance(90) ? kHashes[1] : pick(rng, kHashes)}};
    if (rng.chance(4)) top.erase(top.begin() + rng.range(0, 2));
    if (rng.chance(4)) top.push_back({rng.chance(50) ? "extra" : "baseHash", kHashes[0]});
    if (rng.chance(40)) std::swap(top[0], top[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(top.size()) - 1))]);
    std::string text = object_text(rng, top);
    if (rng.chance(3)) text += rng.chance(50) ? "x" : "{}";
    if (rng.chance(2) && !text.empty()) text.pop_back();
    return text;
}

bool same_double(const std::optional<double>& a, const std::optional<double>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;  // Emscripten's libc++ has no std::bit_cast
}

// Every field of the two requests, amounts bit for bit.
std::string difference(const SyncRequest& plain, const SyncRequest& general) {
    if (plain.baseHash != general.baseHash || plain.claimedHash != general.claimedHash) return "hashes";
    if (plain.actions.size() != general.actions.size()) return "action count";
    for (std::size_t i = 0; i < plain.actions.size(); ++i) {
        if (!plain.actions[i].ok()) return "plain action " + std::to_string(i) + " is an error";
        if (!general.actions[i].ok()) return "general action " + std::to_string(i) + ": " + general.actions[i].status().message;
        const Action& p = plain.actions[i].value();
        const Action& g = general.actions[i].value();
        if (p.t != g.t || p.type != g.type || p.count != g.count || p.target != g.target || p.quantity != g.quantity ||
            p.buyMax != g.buyMax || !same_double(p.expectedCost, g.expectedCost) ||
            !same_double(p.expectedSoulShears, g.expectedSoulShears))
            return "action " + std::to_string(i) + ": " + action_to_json(p) + " vs " + action_to_json(g);
    }
    return "";
}

}  // namespace

TEST_CASE("the plain-form parser gives the general parser's request on every text it accepts") {
    SplitMix64 rng(20261130);
    int accepted = 0, declined = 0, declinedButValid = 0;
    for (int k = 0; k < 20000; ++k) {
        const std::string text = request_text(rng);
        const auto plain = detail::parse_plain_sync_request(text);
        const Result<SyncRequest> general = detail::parse_sync_request_general(text);
        if (plain) {
            ++accepted;
            REQUIRE_MESSAGE(general.ok(), text, " -> plain accepted, general: ", general.status().message);
            const std::string diff = difference(*plain, general.value());
            REQUIRE_MESSAGE(diff.empty(), text, " -> ", diff);
        } else {
            ++declined;
            if (general.ok()) ++declinedButValid;
        }
        // Whatever path it takes, parse_sync_request answers what the general parser answers.
        const Result<SyncRequest> chosen = parse_sync_request(text);
        REQUIRE(chosen.ok() == general.ok());
        if (!chosen.ok()) CHECK(chosen.status().message == general.status().message);
    }
    MESSAGE(accepted, " texts read by the plain parser, ", declined, " declined (", declinedButValid,
            " of them valid requests, read by the general parser)");
    CHECK(accepted > 2500);
    CHECK(declinedButValid > 1000);
    CHECK(declined - declinedButValid > 1000);
}

TEST_CASE("the plain-form parser reads what clients send: the canonical form of honest batches") {
    const State start = new_game(rules(), "p-plain", kT0);
    SplitMix64 rng(7);
    for (int batch = 0; batch < 50; ++batch) {
        State client = start;
        SyncRequest request;
        request.baseHash = state_hash(rules(), client);
        const Playthrough played = play_bot(rules(), client, rng.next(), 40, BotProfile{6, 1, 70});
        for (const Action& a : played.actions) request.actions.emplace_back(a);
        request.claimedHash = state_hash(rules(), client);
        const std::string text = sync_request_to_json(request);
        const auto plain = detail::parse_plain_sync_request(text);
        REQUIRE_MESSAGE(plain.has_value(), text);
        CHECK(difference(*plain, detail::parse_sync_request_general(text).value()).empty());
        // With a buy of "max" and expected prices, as a UI sends them.
        CHECK(detail::parse_plain_sync_request(R"({"baseHash":"0123456789abcdef","actions":[{"t":1,"type":"buy_building",)"
                                               R"("building":"barn","quantity":"max","expectedCost":1.5e+21},)"
                                               R"({"t":2,"type":"prestige","expectedSoulShears":12}],"claimedHash":"0123456789abcdef"})")
                  .has_value());
    }
}
