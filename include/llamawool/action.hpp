// Player actions (docs/rules.md §10) and their JSON form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llamawool/status.hpp"

namespace llamawool {

enum class ActionType { tick, shear, buy_building, buy_upgrade, prestige };

const char* action_type_name(ActionType type);

// A parsed action. Ids and quantities are kept as sent: whether an id exists or a quantity is in
// range is decided by apply_action, after the time checks, so that rejection codes follow the
// precedence order of the rules.
struct Action {
    std::int64_t t = 0;
    ActionType type = ActionType::tick;
    std::int64_t count = 0;          // shear
    std::string target;              // buy_building: building id; buy_upgrade: upgrade id
    std::int64_t quantity = 0;       // buy_building, unless buyMax
    bool buyMax = false;             // buy_building with quantity "max"
    std::optional<double> expectedCost;        // buy_building
    std::optional<double> expectedSoulShears;  // prestige

    static Action tick(std::int64_t t) { return make(t, ActionType::tick); }
    static Action shear(std::int64_t t, std::int64_t count) {
        Action a = make(t, ActionType::shear);
        a.count = count;
        return a;
    }
    static Action buy_building(std::int64_t t, std::string id, std::int64_t quantity) {
        Action a = make(t, ActionType::buy_building);
        a.target = std::move(id);
        a.quantity = quantity;
        return a;
    }
    static Action buy_building_max(std::int64_t t, std::string id) {
        Action a = make(t, ActionType::buy_building);
        a.target = std::move(id);
        a.buyMax = true;
        return a;
    }
    static Action buy_upgrade(std::int64_t t, std::string id) {
        Action a = make(t, ActionType::buy_upgrade);
        a.target = std::move(id);
        return a;
    }
    static Action prestige(std::int64_t t) { return make(t, ActionType::prestige); }

private:
    static Action make(std::int64_t t, ActionType type) {
        Action a;
        a.t = t;
        a.type = type;
        return a;
    }
};

// Parses one action object. Errors: malformed (missing, mistyped or extra field; t outside
// [0, 2^53)) or unknown_action; the message names the field and the value.
Result<Action> parse_action(std::string_view json_text);

// Parses a JSON array of actions. On error the message starts with the index ("actions[3].t: ...").
Result<std::vector<Action>> parse_actions(std::string_view json_text);

// Parses a JSON array of actions element by element: the outer Result fails only when the text is
// not a JSON array; each element is then an Action or its own malformed/unknown_action status
// (messages start with "actions[i]"). Hosts replaying a batch use this so that one bad action is
// reported at its index instead of failing the whole batch.
Result<std::vector<Result<Action>>> parse_action_batch(std::string_view json_text);

// The canonical JSON of an action (fields in a fixed order, amounts as shortest decimals).
std::string action_to_json(const Action& action);

}  // namespace llamawool
