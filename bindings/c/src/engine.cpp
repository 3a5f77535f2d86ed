// Engines: the default ruleset or one loaded from JSON.
#include "abi.hpp"

using namespace lw_abi;

namespace {

// An engine owning `rules`; the caller checked out_engine.
lw_result make_engine(lw_engine** out_engine, std::shared_ptr<const llamawool::Ruleset> rules) {
    *out_engine = new lw_engine{std::move(rules)};
    return succeed(nullptr);
}

}  // namespace

extern "C" {

lw_result lw_engine_new_default(lw_engine** out_engine) {
    return guarded(nullptr, [&] {
        if (!out_engine) return null_argument(nullptr, "out_engine");
        *out_engine = nullptr;
        // The default ruleset is a static that lives as long as the library: the shared_ptr
        // aliases it and never deletes it.
        return make_engine(out_engine, std::shared_ptr<const llamawool::Ruleset>(
                                           std::shared_ptr<void>(), &llamawool::default_ruleset()));
    });
}

lw_result lw_engine_new_from_json(lw_engine** out_engine, const char* ruleset_json) {
    return guarded(nullptr, [&] {
        if (!out_engine) return null_argument(nullptr, "out_engine");
        *out_engine = nullptr;
        if (!ruleset_json) return null_argument(nullptr, "ruleset_json");
        auto loaded = llamawool::load_ruleset(ruleset_json);
        if (!loaded.ok()) return fail(nullptr, loaded.status());
        // lw_engine_ruleset_id gives the id as a C string, which a NUL would cut short.
        if (loaded.value().id.find('\0') != std::string::npos)
            return finish(nullptr, LW_EINVALID_RULESET, "id: must not contain a NUL character (U+0000)");
        return make_engine(out_engine, std::make_shared<const llamawool::Ruleset>(std::move(loaded.value())));
    });
}

void lw_engine_free(lw_engine* engine) { delete engine; }

lw_result lw_engine_ruleset_id(const char** out_id, const lw_engine* engine) {
    return guarded(nullptr, [&] {
        if (!out_id) return null_argument(nullptr, "out_id");
        *out_id = nullptr;
        if (!engine) return null_argument(nullptr, "engine");
        *out_id = engine->rules->id.c_str();
        return succeed(nullptr);
    });
}

lw_result lw_engine_events_json(char** out_events_json, const lw_engine* engine) {
    return guarded(nullptr, [&] {
        if (!out_events_json) return null_argument(nullptr, "out_events_json");
        *out_events_json = nullptr;
        if (!engine) return null_argument(nullptr, "engine");
        return give_text(out_events_json, llamawool::events_to_json(*engine->rules), nullptr);
    });
}

}  // extern "C"
