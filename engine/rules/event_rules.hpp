// The events (docs/rules.md §8), written once for the scalar engine (modifiers.cpp, the view) and
// the batch kernels (engine/batch/kernels.hpp): an event is active on [startMs, endMs), and the
// active ones multiply their factors (production, prestige, building cost) and add their offline
// efficiency, in ruleset table order. A caller folds every event of the table through
// with_event_factor / with_event_bonus, active or not, so that the scalar engine (bool, double)
// and each vector lane (a mask, a batch of doubles) take the same steps in the same order.
//
// Internal linkage (an unnamed namespace), as kernels.hpp: these are compiled into objects built
// with different instruction sets, and the linker must not keep one copy for all of them.
#pragma once

#include "lanes.hpp"

namespace llamawool::rules {
namespace {

template <class Time>
auto event_active(const Time& startMs, const Time& endMs, const Time& atMs) {
    return both(startMs <= atMs, atMs < endMs);
}

// A product of factors (E_production, the prestige multiplier, costMult): times the event's
// factor where it is active.
template <class Mask, class Amount>
Amount with_event_factor(const Mask& active, const Amount& product, const Amount& factor) {
    return pick(active, product * factor, product);
}

// A sum of bonuses (the offline efficiency): plus the event's where it is active.
template <class Mask, class Amount>
Amount with_event_bonus(const Mask& active, const Amount& sum, const Amount& bonus) {
    return pick(active, sum + bonus, sum);
}

}  // namespace
}  // namespace llamawool::rules
