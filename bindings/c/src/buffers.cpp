// Text handed to the caller: malloc'd, NUL-terminated, freed with lw_free.
#include <cstdlib>
#include <cstring>

#include "abi.hpp"

namespace lw_abi {

lw_result give_text(char** out, std::string_view text, lw_state* state) {
    *out = static_cast<char*>(std::malloc(text.size() + 1));
    if (!*out) return finish(state, LW_ENOMEM, "out of memory");
    std::memcpy(*out, text.data(), text.size());
    (*out)[text.size()] = '\0';
    return succeed(state);
}

lw_result commit_with_report(char** out, lw_state* state, llamawool::State& next, std::string_view report) {
    const lw_result r = give_text(out, report, state);
    if (r == LW_OK) state->state = std::move(next);
    return r;
}

}  // namespace lw_abi

extern "C" void lw_free(void* buffer) { std::free(buffer); }
