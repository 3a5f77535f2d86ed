// What every entry point of the C ABI shares: the handle structs, the error slots and the guard
// that keeps C++ exceptions from crossing into C.
#pragma once

#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "llamawool.h"
#include "llamawool/ruleset.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"

// An engine is a shared, immutable ruleset. States hold the same shared_ptr, so freeing the engine
// first is safe.
struct lw_engine {
    std::shared_ptr<const llamawool::Ruleset> rules;
};

struct lw_state {
    std::shared_ptr<const llamawool::Ruleset> rules;
    llamawool::State state;
    std::string errmsg;  // of the last call on this state; "" after a success
};

namespace lw_abi {

// The stable C code of an engine code (the C numbers must not move if the C++ enum is reordered).
lw_result to_c_code(llamawool::ErrorCode code);

// Records the outcome of a call in the thread's slot and, when given, the state's. Returns code.
lw_result finish(lw_state* state, lw_result code, std::string_view message);
inline lw_result succeed(lw_state* state) { return finish(state, LW_OK, {}); }
inline lw_result fail(lw_state* state, const llamawool::Status& status) {
    return finish(state, to_c_code(status.code), status.message);
}
lw_result null_argument(lw_state* state, const char* name);

// Copies text into a malloc'd NUL-terminated buffer that the caller frees with lw_free.
// Returns LW_ENOMEM (and *out = nullptr) when malloc fails.
lw_result give_text(char** out, std::string_view text, lw_state* state);

// Runs one entry point's body. The engine itself never throws, but std::string and std::vector
// can (std::bad_alloc); nothing may unwind into C. Builds without exceptions (Emscripten's
// default) abort on allocation failure instead, so there is nothing to catch.
template <class Body>
lw_result guarded(lw_state* state, Body&& body) noexcept {
#if defined(__cpp_exceptions)
    try {
        return body();
    } catch (const std::bad_alloc&) {
        // "out of memory" fits std::string's small buffer: recording it does not allocate.
        return finish(state, LW_ENOMEM, "out of memory");
    } catch (...) {
        return finish(state, LW_EINTERNAL, "internal error");
    }
#else
    (void)state;
    return body();
#endif
}

// The frame of a function on a state with one out-parameter: the out-parameter is cleared first
// (so a failure leaves nothing to free), then out and state are checked for NULL, then body runs.
template <class Out, class Body>
lw_result with_state(Out* out, const char* out_name, lw_state* state, Body&& body) noexcept {
    return guarded(state, [&]() -> lw_result {
        if (!out) return null_argument(state, out_name);
        *out = Out{};
        if (!state) return null_argument(nullptr, "state");
        return body();
    });
}

// The frame of a function that makes a new handle from an engine: no state holds its errors.
template <class Out, class Body>
lw_result with_engine(Out** out, const char* out_name, const lw_engine* engine, Body&& body) noexcept {
    return guarded(nullptr, [&]() -> lw_result {
        if (!out) return null_argument(nullptr, out_name);
        *out = nullptr;
        if (!engine) return null_argument(nullptr, "engine");
        return body();
    });
}

// Hands out `report` (as give_text) and only then commits `next` into the state: a call that
// fails, even for want of memory while rendering, leaves the state as it was.
lw_result commit_with_report(char** out, lw_state* state, llamawool::State& next, std::string_view report);

// LW_OK when t_ms is a time the engine accepts ([0, 2^53)), else LW_EINVALID_ARGUMENT naming it.
lw_result check_time(lw_state* state, const char* name, int64_t t_ms);

// A new state handle bound to `rules`.
lw_result give_state(lw_state** out, std::shared_ptr<const llamawool::Ruleset> rules, llamawool::State state);

}  // namespace lw_abi
