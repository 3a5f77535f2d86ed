#include "test_support.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace lwtest {

const Ruleset& rules() { return default_ruleset(); }

ActionResult apply_ok(State& state, const Action& action, const Ruleset& r) {
    ActionResult result = apply_action(r, state, action);
    INFO("action ", action_to_json(action), " -> ", error_code_name(result.status.code), ": ", result.status.message);
    CHECK(result.status.ok());
    return result;
}

namespace {

ActionResult check_rejected(State& state, const Action& action, ErrorCode code, const Ruleset& r,
                            const ApplyOptions& options) {
    const std::string before = state_bytes(state, r);
    const State copy = state;
    ActionResult result = apply_action(r, state, action, options);
    INFO("action ", action_to_json(action), " -> ", error_code_name(result.status.code), ": ", result.status.message);
    CHECK(result.status.code == code);
    CHECK(!result.status.message.empty());
    CHECK(state_bytes(state, r) == before);
    CHECK(state == copy);
    return result;
}

}  // namespace

ActionResult apply_rejected(State& state, const Action& action, ErrorCode code, const Ruleset& r) {
    return check_rejected(state, action, code, r, {});
}

ActionResult apply_rejected(State& state, const Action& action, ErrorCode code, const ApplyOptions& options) {
    return check_rejected(state, action, code, rules(), options);
}

Ruleset ruleset_replacing(const std::string& from, const std::string& to) {
    std::string text(default_ruleset_json());
    const auto pos = text.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, "not in the default ruleset: ", from);
    text.replace(pos, from.size(), to);
    auto loaded = load_ruleset(text);
    INFO(loaded.status().message);
    REQUIRE(loaded.ok());
    return loaded.value();
}

std::uint64_t upgrade_bit(const char* id) {
    const int u = rules().find_upgrade(id);
    REQUIRE_MESSAGE(u >= 0, "unknown upgrade ", id);
    return std::uint64_t{1} << u;
}

std::uint64_t achievement_bit(const char* id) {
    const int a = rules().find_achievement(id);
    REQUIRE_MESSAGE(a >= 0, "unknown achievement ", id);
    return std::uint64_t{1} << a;
}

int building(const char* id) {
    const int b = rules().find_building(id);
    REQUIRE_MESSAGE(b >= 0, "unknown building ", id);
    return b;
}

std::string state_bytes(const State& state, const Ruleset& r) { return save_to_json(r, state); }

std::string read_test_file(const std::string& relativePath) {
    std::ifstream in(std::string(LLAMAWOOL_TEST_DATA_DIR) + "/" + relativePath, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open tests/data/", relativePath);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Ruleset ruleset_with_events(const std::string& eventsJson, const std::string& id) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(default_ruleset_json());
    doc["id"] = id;
    doc["events"] = nlohmann::ordered_json::parse(eventsJson);
    auto loaded = load_ruleset(doc.dump());
    INFO(loaded.status().message);
    REQUIRE(loaded.ok());
    return loaded.value();
}

double rel_diff(double a, double b) { return std::fabs(a - b) / std::fabs(b); }

}  // namespace lwtest
