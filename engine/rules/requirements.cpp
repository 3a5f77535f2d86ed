#include "requirements.hpp"

#include <fmt/format.h>

#include "llamawool/engine.hpp"
#include "llamawool/save.hpp"

namespace llamawool::detail {

bool requirement_met(const Requirement& req, const State& s) {
    switch (req.kind) {
        case Requirement::Kind::building_level: return s.buildings[req.index] >= req.amount;
        case Requirement::Kind::wool_count: return s.wool[req.index] >= req.amount;
        case Requirement::Kind::upgrade_owned: return s.owns_upgrade(req.index);
        case Requirement::Kind::total_prestiges: return static_cast<double>(s.totalPrestiges) >= req.amount;
    }
    return false;
}

const Requirement* first_unmet(const std::vector<Requirement>& reqs, const State& s) {
    for (const Requirement& r : reqs)
        if (!requirement_met(r, s)) return &r;
    return nullptr;
}

std::string describe_unmet(const Ruleset& rules, const Requirement& req, const State& s) {
    switch (req.kind) {
        case Requirement::Kind::building_level:
            return fmt::format("{} >= {} (have {})", rules.buildings[req.index].id, req.amount, s.buildings[req.index]);
        case Requirement::Kind::wool_count:
            return fmt::format("{} wool >= {} (have {})", rules.wool[req.index].id, req.amount,
                               format_amount(s.wool[req.index]));
        case Requirement::Kind::upgrade_owned:
            return fmt::format("upgrade {}", rules.upgrades[req.index].id);
        case Requirement::Kind::total_prestiges:
            return fmt::format("totalPrestiges >= {} (have {})", req.amount, s.totalPrestiges);
    }
    return {};
}

}  // namespace llamawool::detail
