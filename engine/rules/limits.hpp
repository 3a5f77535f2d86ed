// The limits every part of the engine checks its inputs against, named once (docs/rules.md §10).
#pragma once

#include <cstdint>

namespace llamawool::limits {

// Times are whole milliseconds in [0, 2^53): every one is exact as a double, so the batch kernels
// and JavaScript hosts hold them without loss.
inline constexpr std::int64_t kMaxTimeMs = (std::int64_t{1} << 53) - 1;
inline constexpr double kTimeLimitMs = 9007199254740992.0;  // 2^53, the first time refused
// Play time saturates here: a save near the limit still loads after one more online gap.
inline constexpr std::int64_t kMaxPlayTimeMs = kMaxTimeMs;
// How far after the host's clock an action (or an imported save) may be stamped: clocks of
// client devices run a little ahead (time_in_future beyond it).
inline constexpr std::int64_t kClockToleranceMs = 5000;

}  // namespace llamawool::limits
