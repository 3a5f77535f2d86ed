/*
 * Exercises every function of llamawool.h, and every error path, from C99.
 * Usage: test_c_abi REPO_ROOT   (reads engine/rulesets/ and tests/data/saves/)
 * Built with -std=c99 -Wall -Wextra -Werror -pedantic; run natively, under ASan+UBSan and valgrind.
 * LW_TEST_EXPECT_SIGNING says whether this build has signing (else it must say LW_EUNSUPPORTED).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llamawool.h"

#ifndef LW_TEST_EXPECT_SIGNING
#define LW_TEST_EXPECT_SIGNING 1
#endif

static int g_checks = 0;
static int g_failures = 0;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)
/* A call must return `code`; prints the message on a mismatch. */
#define CHECK_CODE(code, call) check_code((code), (call), #call, __FILE__, __LINE__)

static void check(int ok, const char *what, const char *file, int line) {
    ++g_checks;
    if (!ok) {
        ++g_failures;
        fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    }
}

static void check_code(lw_result expected, lw_result actual, const char *call, const char *file, int line) {
    ++g_checks;
    if (expected != actual) {
        ++g_failures;
        fprintf(stderr, "%s:%d: %s returned %s (%d: %s), expected %s\n", file, line, call, lw_errstr(actual),
                actual, lw_errmsg(), lw_errstr(expected));
    }
}

static int contains(const char *text, const char *part) { return text && strstr(text, part) != NULL; }

static char g_root[4096];

/* The whole file under the repository root, NUL-terminated (caller frees), or NULL. */
static char *read_file(const char *relative) {
    char path[8192];
    FILE *f;
    long size;
    char *text;
    sprintf(path, "%s/%s", g_root, relative);
    f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = (char *)malloc((size_t)size + 1);
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) exit(2);
    text[size] = '\0';
    fclose(f);
    return text;
}

static uint64_t hash_of(lw_state *s) {
    uint64_t h = 0;
    CHECK_CODE(LW_OK, lw_state_hash(&h, s));
    return h;
}

static lw_state *new_farm(const lw_engine *engine) {
    lw_state *s = NULL;
    CHECK_CODE(LW_OK, lw_state_new(&s, engine, "p-123", 1700000000000));
    return s;
}

static void test_version_and_codes(void) {
    lw_result code;
    CHECK(strcmp(lw_version(), LW_VERSION_STRING) == 0);
    CHECK(lw_version_number() == LW_VERSION_NUMBER);
    CHECK(LW_VERSION_NUMBER == LW_VERSION_MAJOR * 1000000 + LW_VERSION_MINOR * 1000 + LW_VERSION_PATCH);

    /* Every code has its own name; the numbers are ABI. */
    for (code = LW_OK; code <= LW_EINVALID_REQUEST; ++code) CHECK(strcmp(lw_errstr(code), "unknown_code") != 0);
    CHECK(strcmp(lw_errstr(LW_OK), "ok") == 0);
    CHECK(strcmp(lw_errstr(LW_EMALFORMED), "malformed") == 0);
    CHECK(strcmp(lw_errstr(9), "building_locked") == 0);
    CHECK(strcmp(lw_errstr(LW_ECOST_MISMATCH), "cost_mismatch") == 0);
    CHECK(strcmp(lw_errstr(LW_EINVALID_REQUEST), "invalid_request") == 0);
    CHECK(strcmp(lw_errstr(LW_ENULL), "null_argument") == 0);
    CHECK(strcmp(lw_errstr(LW_ENOMEM), "out_of_memory") == 0);
    CHECK(strcmp(lw_errstr(LW_EUNSUPPORTED), "unsupported") == 0);
    CHECK(strcmp(lw_errstr(LW_EINTERNAL), "internal_error") == 0);
    CHECK(strcmp(lw_errstr(-1), "unknown_code") == 0);
    CHECK(strcmp(lw_errstr(28), "unknown_code") == 0);
    CHECK(strcmp(lw_errstr(99), "unknown_code") == 0);
    CHECK(strcmp(lw_errstr(104), "unknown_code") == 0);
    lw_free(NULL);
}

static void test_engines(const char *variant_ruleset) {
    lw_engine *e = NULL, *variant = NULL;
    const char *id = NULL;

    CHECK_CODE(LW_OK, lw_engine_new_default(&e));
    CHECK(e != NULL);
    CHECK(strcmp(lw_errmsg(), "") == 0);
    CHECK_CODE(LW_OK, lw_engine_ruleset_id(&id, e));
    CHECK(id && strcmp(id, "llama-wool-farm/1") == 0);

    CHECK_CODE(LW_OK, lw_engine_new_from_json(&variant, variant_ruleset));
    CHECK_CODE(LW_OK, lw_engine_ruleset_id(&id, variant));
    CHECK(id && strcmp(id, "llama-wool-farm/test-variant") == 0);
    lw_engine_free(variant);

    CHECK_CODE(LW_ENULL, lw_engine_new_default(NULL));
    CHECK(contains(lw_errmsg(), "out_engine"));
    CHECK_CODE(LW_ENULL, lw_engine_new_from_json(NULL, variant_ruleset));
    variant = (lw_engine *)&id; /* any non-NULL value: a failure must reset it */
    CHECK_CODE(LW_ENULL, lw_engine_new_from_json(&variant, NULL));
    CHECK(variant == NULL && contains(lw_errmsg(), "ruleset_json"));
    CHECK_CODE(LW_EINVALID_JSON, lw_engine_new_from_json(&variant, "not json"));
    CHECK(variant == NULL);
    CHECK_CODE(LW_EINVALID_RULESET, lw_engine_new_from_json(&variant, "{\"format\":\"llamawool-ruleset\"}"));
    CHECK(variant == NULL && strlen(lw_errmsg()) > 0);
    {
        /* An id with a NUL (JSON "\u0000") is refused: lw_engine_ruleset_id could only give it cut short. */
        const char *old_id = strstr(variant_ruleset, "test-variant");
        char *nul_id = (char *)malloc(strlen(variant_ruleset) + 16);
        CHECK(old_id != NULL);
        sprintf(nul_id, "%.*s%s%s", (int)(old_id - variant_ruleset), variant_ruleset, "te\\u0000variant", old_id + 12);
        CHECK_CODE(LW_EINVALID_RULESET, lw_engine_new_from_json(&variant, nul_id));
        CHECK(variant == NULL && contains(lw_errmsg(), "id: must not contain a NUL"));
        free(nul_id);
    }
    id = "x";
    CHECK_CODE(LW_ENULL, lw_engine_ruleset_id(&id, NULL));
    CHECK(id == NULL);
    CHECK_CODE(LW_ENULL, lw_engine_ruleset_id(NULL, e));

    lw_engine_free(NULL);
    lw_engine_free(e);
}

static void test_state_new_and_read(const lw_engine *e) {
    lw_state *s = NULL, *bad = NULL;
    char hex[17];
    const char *player = NULL;
    int64_t ms = 0;
    uint64_t h = 0;

    CHECK_CODE(LW_OK, lw_state_new(&s, e, "p-123", 1700000000000));
    CHECK(hash_of(s) == UINT64_C(0xdac72091a08c47ec)); /* the new farm of docs/sync.md's example */
    CHECK_CODE(LW_OK, lw_state_hash_hex(hex, s));
    CHECK(strcmp(hex, "dac72091a08c47ec") == 0);
    CHECK_CODE(LW_OK, lw_state_player_id(&player, s));
    CHECK(player && strcmp(player, "p-123") == 0);
    CHECK_CODE(LW_OK, lw_state_last_update_ms(&ms, s));
    CHECK(ms == 1700000000000);
    CHECK(strcmp(lw_state_errmsg(s), "") == 0);

    CHECK_CODE(LW_ENULL, lw_state_new(NULL, e, "p-123", 0));
    CHECK_CODE(LW_ENULL, lw_state_new(&bad, NULL, "p-123", 0));
    CHECK(contains(lw_errmsg(), "engine"));
    CHECK_CODE(LW_ENULL, lw_state_new(&bad, e, NULL, 0));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_new(&bad, e, "not a valid id!", 0));
    CHECK(contains(lw_errmsg(), "player_id"));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_new(&bad, e, "", 0));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_new(&bad, e, "p-123", -1));
    CHECK(contains(lw_errmsg(), "t_ms"));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_new(&bad, e, "p-123", INT64_C(9007199254740992)));
    CHECK(bad == NULL);

    /* Every reader refuses NULL and records the error on the state when there is one. */
    CHECK_CODE(LW_ENULL, lw_state_hash(NULL, s));
    CHECK(contains(lw_state_errmsg(s), "out_hash"));
    h = 7;
    CHECK_CODE(LW_ENULL, lw_state_hash(&h, NULL));
    CHECK(h == 0);
    CHECK_CODE(LW_ENULL, lw_state_hash_hex(NULL, s));
    CHECK_CODE(LW_ENULL, lw_state_hash_hex(hex, NULL));
    CHECK(hex[0] == '\0');
    CHECK_CODE(LW_ENULL, lw_state_player_id(NULL, s));
    CHECK_CODE(LW_ENULL, lw_state_player_id(&player, NULL));
    CHECK(player == NULL);
    CHECK_CODE(LW_ENULL, lw_state_last_update_ms(NULL, s));
    CHECK_CODE(LW_ENULL, lw_state_last_update_ms(&ms, NULL));
    CHECK(ms == 0);
    CHECK_CODE(LW_OK, lw_state_last_update_ms(&ms, s));
    CHECK(strcmp(lw_state_errmsg(s), "") == 0); /* a success clears the state's message */
    CHECK(strcmp(lw_state_errmsg(NULL), "") == 0);

    lw_state_free(NULL);
    lw_state_free(s);
}

static void test_save_load_copy(const lw_engine *e, const lw_engine *variant) {
    lw_state *s = new_farm(e), *loaded = NULL, *copy = NULL, *bad = NULL;
    char *save = NULL, *report = NULL, *text;

    CHECK_CODE(LW_OK, lw_state_save(&save, s));
    CHECK(contains(save, "\"stateHash\": \"dac72091a08c47ec\""));
    CHECK_CODE(LW_OK, lw_state_load(&loaded, e, save));
    CHECK(hash_of(loaded) == hash_of(s));

    CHECK_CODE(LW_ENULL, lw_state_save(NULL, s));
    CHECK_CODE(LW_ENULL, lw_state_save(&report, NULL));
    CHECK_CODE(LW_ENULL, lw_state_load(NULL, e, save));
    CHECK_CODE(LW_ENULL, lw_state_load(&bad, NULL, save));
    CHECK_CODE(LW_ENULL, lw_state_load(&bad, e, NULL));
    CHECK_CODE(LW_EINVALID_JSON, lw_state_load(&bad, e, "{"));
    CHECK_CODE(LW_ERULESET_MISMATCH, lw_state_load(&bad, variant, save));
    text = read_file("tests/data/saves/wrong-hash.json");
    CHECK_CODE(LW_ESTATE_HASH_MISMATCH, lw_state_load(&bad, e, text));
    free(text);
    text = read_file("tests/data/saves/foreign-ruleset.json");
    CHECK_CODE(LW_ERULESET_MISMATCH, lw_state_load(&bad, e, text));
    free(text);
    text = read_file("tests/data/saves/overflow-amount.json");
    CHECK_CODE(LW_EINVALID_SAVE, lw_state_load(&bad, e, text));
    CHECK(contains(lw_errmsg(), "wool.basic"));
    free(text);
    CHECK(bad == NULL);

    /* A copy is independent of its original. */
    CHECK_CODE(LW_OK, lw_state_copy(&copy, s));
    CHECK(hash_of(copy) == hash_of(s));
    CHECK_CODE(LW_OK, lw_state_apply(&report, copy, "{\"t\":1700000001000,\"type\":\"shear\",\"count\":20}", LW_NO_CLOCK));
    lw_free(report);
    CHECK(hash_of(copy) != hash_of(s));
    CHECK_CODE(LW_ENULL, lw_state_copy(NULL, s));
    CHECK_CODE(LW_ENULL, lw_state_copy(&bad, NULL));

    lw_free(save);
    lw_state_free(copy);
    lw_state_free(loaded);
    lw_state_free(s);
}

static void test_apply(const lw_engine *e) {
    lw_state *s = new_farm(e);
    char *report = NULL;
    uint64_t before;
    int i;
    char action[128];

    for (i = 1; i <= 5; ++i) {
        sprintf(action, "{\"t\":17000000%02d000,\"type\":\"shear\",\"count\":20}", i);
        CHECK_CODE(LW_OK, lw_state_apply(&report, s, action, 1700000010000));
        CHECK(contains(report, "\"status\":\"ok\""));
        lw_free(report);
    }
    CHECK_CODE(LW_OK, lw_state_apply(&report, s,
                                     "{\"t\":1700000005000,\"type\":\"buy_building\",\"building\":\"barn\",\"quantity\":1}",
                                     LW_NO_CLOCK));
    CHECK(contains(report, "\"levelsBought\":1"));
    lw_free(report);

    /* Refusals: the code, a message naming the field, no report, and the state unchanged. */
    before = hash_of(s);
    report = (char *)"x";
    CHECK_CODE(LW_EBUILDING_LOCKED,
               lw_state_apply(&report, s, "{\"t\":1700000006000,\"type\":\"buy_building\",\"building\":\"shears\",\"quantity\":1}",
                              LW_NO_CLOCK));
    CHECK(report == NULL);
    CHECK(contains(lw_state_errmsg(s), "needs barn >= 5"));
    CHECK(strcmp(lw_errmsg(), lw_state_errmsg(s)) == 0);
    /* A message quoting a NUL of the input (JSON "\u0000") keeps all of it: the NUL is written as \u0000. */
    CHECK_CODE(LW_EUNKNOWN_BUILDING,
               lw_state_apply(&report, s, "{\"t\":1700000006000,\"type\":\"buy_building\",\"building\":\"ba\\u0000rn\",\"quantity\":1}",
                              LW_NO_CLOCK));
    CHECK(contains(lw_state_errmsg(s), "\"ba\\u0000rn\""));
    CHECK(strcmp(lw_errmsg(), lw_state_errmsg(s)) == 0);
    CHECK_CODE(LW_ETIME_REGRESSION, lw_state_apply(&report, s, "{\"t\":1700000004000,\"type\":\"tick\"}", LW_NO_CLOCK));
    CHECK_CODE(LW_ETIME_IN_FUTURE, lw_state_apply(&report, s, "{\"t\":1700000100000,\"type\":\"tick\"}", 1700000006000));
    CHECK_CODE(LW_ERATE_LIMITED, lw_state_apply(&report, s, "{\"t\":1700000005500,\"type\":\"shear\",\"count\":21}", LW_NO_CLOCK));
    CHECK_CODE(LW_EUNKNOWN_ACTION, lw_state_apply(&report, s, "{\"t\":1700000006000,\"type\":\"dance\"}", LW_NO_CLOCK));
    CHECK_CODE(LW_EMALFORMED, lw_state_apply(&report, s, "{\"t\":1700000006000,\"type\":\"shear\"}", LW_NO_CLOCK));
    CHECK_CODE(LW_EMALFORMED, lw_state_apply(&report, s, "{\"t\":", LW_NO_CLOCK)); /* not JSON */
    CHECK_CODE(LW_ENULL, lw_state_apply(&report, s, NULL, LW_NO_CLOCK));
    CHECK(contains(lw_state_errmsg(s), "action_json"));
    CHECK_CODE(LW_ENULL, lw_state_apply(NULL, s, "{\"t\":1700000006000,\"type\":\"tick\"}", LW_NO_CLOCK));
    CHECK_CODE(LW_ENULL, lw_state_apply(&report, NULL, "{\"t\":1700000006000,\"type\":\"tick\"}", LW_NO_CLOCK));
    CHECK(report == NULL);
    CHECK(hash_of(s) == before);

    /* Without a clock a far-future tick is fine. */
    CHECK_CODE(LW_OK, lw_state_apply(&report, s, "{\"t\":1700000100000,\"type\":\"tick\"}", LW_NO_CLOCK));
    CHECK(hash_of(s) != before);
    lw_free(report);
    lw_state_free(s);
}

static void test_resume(const lw_engine *e) {
    lw_state *s = new_farm(e);
    char *preview = NULL, *committed = NULL, *report = NULL;
    uint64_t before = hash_of(s);
    int64_t ms = 0;

    CHECK_CODE(LW_OK, lw_state_preview_resume(&preview, s, 1700028800000));
    CHECK(contains(preview, "\"mode\":\"offline\""));
    CHECK(hash_of(s) == before);
    CHECK_CODE(LW_OK, lw_state_resume(&committed, s, 1700028800000, 1700028800000));
    CHECK(preview && committed && strcmp(preview, committed) == 0); /* the preview is the commit */
    CHECK(hash_of(s) != before);
    CHECK_CODE(LW_OK, lw_state_last_update_ms(&ms, s));
    CHECK(ms == 1700028800000);

    before = hash_of(s);
    CHECK_CODE(LW_ETIME_REGRESSION, lw_state_preview_resume(&report, s, 1700000000000));
    CHECK_CODE(LW_ETIME_REGRESSION, lw_state_resume(&report, s, 1700000000000, LW_NO_CLOCK));
    CHECK_CODE(LW_ETIME_IN_FUTURE, lw_state_resume(&report, s, 1700028900000, 1700028800000));
    CHECK(contains(lw_state_errmsg(s), "t"));
    CHECK_CODE(LW_EMALFORMED, lw_state_resume(&report, s, -5, LW_NO_CLOCK));
    CHECK_CODE(LW_ENULL, lw_state_preview_resume(NULL, s, 1700028900000));
    CHECK_CODE(LW_ENULL, lw_state_preview_resume(&report, NULL, 1700028900000));
    CHECK_CODE(LW_ENULL, lw_state_resume(NULL, s, 1700028900000, LW_NO_CLOCK));
    CHECK_CODE(LW_ENULL, lw_state_resume(&report, NULL, 1700028900000, LW_NO_CLOCK));
    CHECK(report == NULL && hash_of(s) == before);

    lw_free(preview);
    lw_free(committed);
    lw_state_free(s);
}

/* The request an honest client sends after shearing at t+1s, t+2s, t+3s from the new farm. */
static void honest_request(const lw_engine *e, char *request, const char *claimed_override) {
    lw_state *client = new_farm(e);
    char base[17], claimed[17], *report = NULL;
    const char *actions = "[{\"t\":1700000001000,\"type\":\"shear\",\"count\":20},"
                          "{\"t\":1700000002000,\"type\":\"shear\",\"count\":20},"
                          "{\"t\":1700000003000,\"type\":\"shear\",\"count\":20}]";
    int i;
    CHECK_CODE(LW_OK, lw_state_hash_hex(base, client));
    for (i = 1; i <= 3; ++i) {
        char action[96];
        sprintf(action, "{\"t\":170000000%d000,\"type\":\"shear\",\"count\":20}", i);
        CHECK_CODE(LW_OK, lw_state_apply(&report, client, action, LW_NO_CLOCK));
        lw_free(report);
    }
    CHECK_CODE(LW_OK, lw_state_hash_hex(claimed, client));
    sprintf(request, "{\"baseHash\":\"%s\",\"actions\":%s,\"claimedHash\":\"%s\"}", base, actions,
            claimed_override ? claimed_override : claimed);
    lw_state_free(client);
}

static void test_sync(const lw_engine *e) {
    lw_state *server = new_farm(e), *other = new_farm(e);
    char request[1024], forged[1024], *response = NULL, *too_fast = read_file("examples/server/too-fast-request.json");
    int outcome = -1;
    uint64_t before;

    honest_request(e, request, NULL);
    honest_request(e, forged, "0123456789abcdef");

    CHECK_CODE(LW_OK, lw_state_sync(&response, &outcome, server, request, 1700000003000));
    CHECK(outcome == LW_SYNC_ACCEPTED && contains(response, "\"outcome\": \"accepted\""));
    CHECK(contains(response, "\"stateHash\": \"035d8be084489025\""));
    CHECK(hash_of(server) == UINT64_C(0x035d8be084489025));
    lw_free(response);

    CHECK_CODE(LW_OK, lw_state_sync(&response, &outcome, server, request, 1700000003000)); /* sent twice */
    CHECK(outcome == LW_SYNC_REBASED && contains(response, "time_regression"));
    lw_free(response);

    CHECK_CODE(LW_OK, lw_state_sync(&response, NULL, other, forged, 1700000003000)); /* outcome optional */
    CHECK(contains(response, "\"outcome\": \"desync\""));
    lw_free(response);

    lw_state_free(other);
    other = new_farm(e);
    CHECK_CODE(LW_OK, lw_state_sync(&response, &outcome, other, too_fast, 1700000003000));
    CHECK(outcome == LW_SYNC_REJECTED && contains(response, "rate_limited"));
    lw_free(response);

    /* A request that breaks its format changes nothing. */
    before = hash_of(server);
    outcome = 7;
    CHECK_CODE(LW_EINVALID_REQUEST, lw_state_sync(&response, &outcome, server, "{\"actions\":[]}", 1700000003000));
    CHECK(response == NULL && outcome == 0 && strlen(lw_state_errmsg(server)) > 0);
    CHECK_CODE(LW_EINVALID_REQUEST, lw_state_sync(&response, &outcome, server, "nope", 1700000003000));
    CHECK_CODE(LW_ENULL, lw_state_sync(&response, &outcome, server, NULL, 1700000003000));
    CHECK_CODE(LW_ENULL, lw_state_sync(NULL, &outcome, server, request, 1700000003000));
    CHECK_CODE(LW_ENULL, lw_state_sync(&response, &outcome, NULL, request, 1700000003000));
    CHECK(hash_of(server) == before);

    free(too_fast);
    lw_state_free(other);
    lw_state_free(server);
}

static void test_scores(const lw_engine *e) {
    lw_state *s = new_farm(e);
    lw_scores scores;
    char *json = NULL, *report = NULL;

    CHECK_CODE(LW_OK, lw_state_apply(&report, s, "{\"t\":1700000001000,\"type\":\"shear\",\"count\":20}", LW_NO_CLOCK));
    lw_free(report);
    CHECK_CODE(LW_OK, lw_state_scores(&scores, s, 1700000001000));
    CHECK(scores.lifetime_value > 0 && scores.prestige_level == 0 && scores.soul_shears == 0);
    CHECK(scores.current_wool_value > 0 && scores.value_per_second > 0);
    CHECK_CODE(LW_OK, lw_state_scores_json(&json, s, 1700000001000));
    CHECK(contains(json, "\"prestigeLevel\":0") && contains(json, "\"lifetimeValue\":"));
    lw_free(json);

    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_scores(&scores, s, -1));
    CHECK(contains(lw_state_errmsg(s), "at_ms"));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_scores_json(&json, s, INT64_C(9007199254740992)));
    CHECK(json == NULL);
    CHECK_CODE(LW_ENULL, lw_state_scores(NULL, s, 0));
    CHECK_CODE(LW_ENULL, lw_state_scores(&scores, NULL, 0));
    CHECK(scores.lifetime_value == 0);
    CHECK_CODE(LW_ENULL, lw_state_scores_json(NULL, s, 0));
    CHECK_CODE(LW_ENULL, lw_state_scores_json(&json, NULL, 0));
    lw_state_free(s);
}

/* The text of `view` between `after` and the next `until` (copied into out), or "" when absent. */
static void text_between(char *out, size_t size, const char *view, const char *after, const char *until) {
    const char *start = view ? strstr(view, after) : NULL, *end;
    out[0] = '\0';
    if (!start) return;
    start += strlen(after);
    end = strstr(start, until);
    if (!end || (size_t)(end - start) >= size) return;
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
}

/* The UI query: the barn's x10 and max figures are what buying 10 and "max" pay, and the view
 * leaves the state's save and hash as they were. */
static void test_view(const lw_engine *e) {
    char *save = read_file("tests/data/saves/valid-midgame.json"), *view = NULL, *report = NULL, *after = NULL;
    char *before = NULL, price10[64], max_count[32], max_price[64], expected[160];
    const char *barn;
    lw_state *s = NULL;
    uint64_t hash;

    CHECK_CODE(LW_OK, lw_state_load(&s, e, save));
    CHECK_CODE(LW_OK, lw_state_save(&before, s));
    hash = hash_of(s);
    CHECK_CODE(LW_OK, lw_state_view_json(&view, s, 1700034501000));
    CHECK(strcmp(lw_state_errmsg(s), "") == 0);
    CHECK(contains(view, "{\"atMs\":1700034501000,\"sinceLastUpdate\":{\"fromMs\":1700034500000,"));
    CHECK(contains(view, "{\"id\":\"factory\",\"level\":0,\"unlocked\":false,\"requirement\":\"transport >= 5 (have 2)\""));
    CHECK_CODE(LW_OK, lw_state_save(&after, s));
    CHECK(strcmp(before, after) == 0);
    CHECK(hash_of(s) == hash);

    barn = view ? strstr(view, "{\"id\":\"barn\",") : NULL;
    text_between(price10, sizeof price10, barn, "\"next10\":{\"price\":\"", "\"");
    text_between(max_count, sizeof max_count, barn, "\"max\":{\"count\":", ",");
    text_between(max_price, sizeof max_price, barn ? strstr(barn, "\"max\":") : NULL, "\"price\":\"", "\"");
    CHECK(strlen(price10) > 0 && strlen(max_count) > 0 && strcmp(max_count, "0") != 0);
    {
        lw_state *copy = NULL;
        CHECK_CODE(LW_OK, lw_state_copy(&copy, s));
        CHECK_CODE(LW_OK, lw_state_apply(&report, copy,
                                         "{\"t\":1700034501000,\"type\":\"buy_building\",\"building\":\"barn\",\"quantity\":10}",
                                         LW_NO_CLOCK));
        sprintf(expected, "\"valuePaid\":\"%s\",\"levelsBought\":10", price10);
        CHECK(contains(report, expected));
        lw_free(report);
        lw_state_free(copy);
        CHECK_CODE(LW_OK, lw_state_copy(&copy, s));
        CHECK_CODE(LW_OK, lw_state_apply(&report, copy,
                                         "{\"t\":1700034501000,\"type\":\"buy_building\",\"building\":\"barn\",\"quantity\":\"max\"}",
                                         LW_NO_CLOCK));
        sprintf(expected, "\"valuePaid\":\"%s\",\"levelsBought\":%s", max_price, max_count);
        CHECK(contains(report, expected));
        lw_free(report);
        lw_state_free(copy);
    }
    lw_free(view);

    CHECK_CODE(LW_ETIME_REGRESSION, lw_state_view_json(&view, s, 1700034499999));
    CHECK(strcmp(lw_state_errmsg(s), "atMs: 1700034499999 is before the state's lastUpdateMs 1700034500000") == 0);
    CHECK(view == NULL);
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_view_json(&view, s, -1));
    CHECK(strcmp(lw_state_errmsg(s), "atMs: must be a time in ms in [0, 2^53), got -1") == 0);
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_state_view_json(&view, s, INT64_C(9007199254740992)));
    CHECK(view == NULL);
    CHECK_CODE(LW_ENULL, lw_state_view_json(NULL, s, 1700034501000));
    CHECK(contains(lw_state_errmsg(s), "out_view_json"));
    CHECK_CODE(LW_ENULL, lw_state_view_json(&view, NULL, 1700034501000));
    CHECK(view == NULL);
    CHECK(hash_of(s) == hash);

    lw_free(before);
    lw_free(after);
    lw_state_free(s);
    free(save);
}

/* ------------------------------------------------------------------------------------------ */
/* Batch kernels over caller-owned columns. */

#define BATCH_PLAYERS 13 /* not a multiple of any lane width */
#define BATCH_COLUMNS (LW_MAX_WOOL_TYPES + LW_MAX_BUILDINGS + 15)

/* All columns of BATCH_PLAYERS players in one block, and the struct pointing into it. */
typedef struct batch_block {
    double data[BATCH_COLUMNS][BATCH_PLAYERS];
    lw_batch_columns columns;
} batch_block;

static void point_columns(batch_block *b) {
    double **common[15];
    int k = 0, i;
    lw_batch_columns *c = &b->columns;
    memset(c, 0, sizeof *c);
    c->count = BATCH_PLAYERS;
    for (i = 0; i < LW_MAX_WOOL_TYPES; ++i) c->wool[i] = b->data[k++];
    for (i = 0; i < LW_MAX_BUILDINGS; ++i) c->building_levels[i] = b->data[k++];
    common[0] = &c->soul_shears; common[1] = &c->achievement_count; common[2] = &c->total_prestiges;
    common[3] = &c->upgrade_production; common[4] = &c->upgrade_click; common[5] = &c->upgrade_building;
    common[6] = &c->upgrade_rare; common[7] = &c->upgrade_auto_clicks_per_second;
    common[8] = &c->upgrade_offline_efficiency; common[9] = &c->upgrade_offline_cap_ms; common[10] = &c->run_value;
    common[11] = &c->lifetime_value; common[12] = &c->last_update_ms; common[13] = &c->play_time_ms;
    common[14] = &c->click_tokens_milli;
    for (i = 0; i < 15; ++i) *common[i] = b->data[k++];
}

static void copy_block(batch_block *to, const batch_block *from) {
    memcpy(to->data, from->data, sizeof to->data);
    point_columns(to);
}

static void test_batch_archs(void) {
    int archs[8], arch = -1, i;
    size_t n = 0, count = 0;
    const char *name = NULL;
    int has_avx512f = 0;
    CHECK_CODE(LW_OK, lw_batch_available_archs(archs, &n, 8));
    /* Worst first: the scalar fallback, then the SIMD sets of this architecture. */
    CHECK(n >= 1 && n <= 5 && archs[0] == LW_ARCH_SCALAR);
#if defined(__aarch64__)
    CHECK(n == 2 && archs[1] == LW_ARCH_NEON64); /* NEON is part of every AArch64 CPU */
#elif defined(__x86_64__) || defined(__EMSCRIPTEN__)
    CHECK(n >= 2 && archs[1] == LW_ARCH_SSE2); /* the x86-64 baseline; wasm SIMD128 */
#endif
    for (i = 0; i < (int)n; ++i) {
        CHECK_CODE(LW_OK, lw_batch_arch_name(&name, archs[i]));
        CHECK(name != NULL && strlen(name) >= 4);
        has_avx512f |= archs[i] == LW_ARCH_AVX512F;
    }
    CHECK_CODE(LW_OK, lw_batch_arch_name(&name, LW_ARCH_AVX512F));
    CHECK(strcmp(name, "avx512f") == 0);
    CHECK_CODE(LW_OK, lw_batch_arch_name(&name, LW_ARCH_NEON64));
    CHECK(strcmp(name, "neon64") == 0);
    CHECK_CODE(LW_OK, lw_batch_arch_name(&name, LW_ARCH_SCALAR));
    CHECK(strcmp(name, "scalar") == 0);
    CHECK_CODE(LW_OK, lw_batch_resolve_arch(&arch, LW_ARCH_AUTOMATIC));
    CHECK(arch == archs[n - 1]);
    CHECK_CODE(LW_OK, lw_batch_available_archs(NULL, &count, 0)); /* counting only */
    CHECK(count == n);

    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_arch_name(&name, 9));
    CHECK(name == NULL && contains(lw_errmsg(), "arch: 9"));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_resolve_arch(&arch, -1));
    CHECK_CODE(LW_ENULL, lw_batch_arch_name(NULL, LW_ARCH_SSE2));
    CHECK_CODE(LW_ENULL, lw_batch_available_archs(archs, NULL, 8));
    CHECK_CODE(LW_ENULL, lw_batch_available_archs(NULL, &count, 8));
    CHECK(count == 0);
    CHECK_CODE(LW_ENULL, lw_batch_resolve_arch(NULL, LW_ARCH_SSE2));
    if (!has_avx512f) { /* a set this CPU lacks is refused, not replaced */
        CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_resolve_arch(&arch, LW_ARCH_AVX512F));
        CHECK(contains(lw_errmsg(), "not available"));
    }
}

static void test_upgrade_effects(const lw_engine *e) {
    lw_upgrade_effects fx;
    CHECK_CODE(LW_OK, lw_upgrade_effects_of(&fx, e, 0));
    CHECK(fx.production == 1 && fx.click == 1 && fx.auto_clicks_per_second == 0 && fx.offline_cap_ms == 0);
    CHECK_CODE(LW_OK, lw_upgrade_effects_of(&fx, e, 1u | 16u)); /* sharp_shears, night_shift */
    CHECK(fx.production == 1.5 && fx.offline_efficiency == 0.1 && fx.offline_cap_ms == 86400000.0);
    CHECK_CODE(LW_ENULL, lw_upgrade_effects_of(NULL, e, 0));
    CHECK_CODE(LW_ENULL, lw_upgrade_effects_of(&fx, NULL, 0));
}

/* 13 farms that differ in start time and clicks, loaded into the columns. */
static void load_players(lw_state **players, batch_block *b, const lw_engine *e) {
    int i;
    char action[128], *report = NULL;
    memset(b->data, 0, sizeof b->data);
    point_columns(b);
    for (i = 0; i < BATCH_PLAYERS; ++i) {
        CHECK_CODE(LW_OK, lw_state_new(&players[i], e, "p-batch", 1700000000000 + 1000 * i));
        sprintf(action, "{\"t\":%lld,\"type\":\"shear\",\"count\":%d}", 1700000000500LL + 1000 * i, 1 + i);
        CHECK_CODE(LW_OK, lw_state_apply(&report, players[i], action, LW_NO_CLOCK));
        lw_free(report);
        CHECK_CODE(LW_OK, lw_batch_load_player(&b->columns, (size_t)i, players[i]));
    }
}

static void test_batch_kernels(const lw_engine *e) {
    static batch_block start, first, other;
    lw_state *players[BATCH_PLAYERS];
    double credited[BATCH_PLAYERS], gained[BATCH_PLAYERS], to[BATCH_PLAYERS], pending[BATCH_PLAYERS];
    double rate0[BATCH_PLAYERS], value_rate[BATCH_PLAYERS], score_value[BATCH_PLAYERS], score_rate[BATCH_PLAYERS];
    lw_advance_columns report;
    lw_rate_columns rates;
    lw_score_columns scores;
    lw_scores single;
    int archs[8], i, a;
    size_t n = 0;
    const int64_t eight_hours_later = 1700000000000 + 8 * 3600000;

    load_players(players, &start, e);
    memset(&report, 0, sizeof report);
    report.credited_ms = credited;
    report.value_gained = gained;
    memset(&rates, 0, sizeof rates);
    rates.rate[0] = rate0;
    rates.value_rate = value_rate;
    memset(&scores, 0, sizeof scores);
    scores.current_wool_value = score_value;
    scores.value_per_second = score_rate;

    /* Every instruction set gives the same bits; rates and scores equal the single-state scores. */
    CHECK_CODE(LW_OK, lw_batch_available_archs(archs, &n, 8));
    for (a = 0; a < (int)n; ++a) {
        copy_block(&other, &start);
        CHECK_CODE(LW_OK, lw_batch_production_rates(&rates, e, &other.columns, 1700000000000, archs[a]));
        CHECK_CODE(LW_OK, lw_batch_scores(&scores, e, &other.columns, 1700000000000, archs[a]));
        CHECK_CODE(LW_OK, lw_batch_pending_soul_shears(pending, e, &other.columns, 1700000000000, archs[a]));
        for (i = 0; i < BATCH_PLAYERS; ++i) {
            CHECK_CODE(LW_OK, lw_state_scores(&single, players[i], 1700000000000));
            CHECK(value_rate[i] == single.value_per_second && score_rate[i] == single.value_per_second);
            CHECK(score_value[i] == single.current_wool_value && rate0[i] > 0 && pending[i] == 0);
        }
        CHECK_CODE(LW_OK, lw_batch_advance_to(&report, e, &other.columns, eight_hours_later, archs[a]));
        for (i = 0; i < BATCH_PLAYERS; ++i) CHECK(gained[i] > 0 && credited[i] > 0 && credited[i] < 8 * 3600000.0);
        if (a == 0)
            copy_block(&first, &other);
        else
            CHECK(memcmp(first.data, other.data, sizeof first.data) == 0);
    }

    /* Per-player targets; the same as the common target when they are equal. */
    copy_block(&other, &start);
    for (i = 0; i < BATCH_PLAYERS; ++i) to[i] = (double)eight_hours_later;
    CHECK_CODE(LW_OK, lw_batch_advance(NULL, e, &other.columns, to, LW_ARCH_AUTOMATIC));
    CHECK(memcmp(first.data, other.data, sizeof first.data) == 0);

    /* Back into the states: the scores of a stored state are those of its columns. */
    CHECK_CODE(LW_OK, lw_batch_scores(&scores, e, &other.columns, eight_hours_later, LW_ARCH_AUTOMATIC));
    for (i = 0; i < BATCH_PLAYERS; ++i) {
        int64_t last = 0;
        CHECK_CODE(LW_OK, lw_batch_store_player(players[i], &other.columns, (size_t)i));
        CHECK_CODE(LW_OK, lw_state_last_update_ms(&last, players[i]));
        CHECK(last == eight_hours_later);
        CHECK_CODE(LW_OK, lw_state_scores(&single, players[i], eight_hours_later));
        CHECK(single.current_wool_value == score_value[i] && single.value_per_second == score_rate[i]);
    }

    /* Refusals change nothing. */
    copy_block(&other, &start);
    to[7] = 1600000000000.0; /* before the player's last update */
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_advance(&report, e, &other.columns, to, LW_ARCH_AUTOMATIC));
    CHECK(contains(lw_errmsg(), "toMs[7]"));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_advance(NULL, e, &other.columns, NULL, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_advance_to(NULL, e, &other.columns, -1, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_advance_to(NULL, e, &other.columns, eight_hours_later, 42));
    other.columns.run_value = NULL;
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_advance_to(NULL, e, &other.columns, eight_hours_later, LW_ARCH_AUTOMATIC));
    CHECK(contains(lw_errmsg(), "runValue"));
    point_columns(&other);
    CHECK(memcmp(start.data, other.data, sizeof start.data) == 0);
    CHECK_CODE(LW_ENULL, lw_batch_advance_to(NULL, NULL, &other.columns, eight_hours_later, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_ENULL, lw_batch_advance_to(NULL, e, NULL, eight_hours_later, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_ENULL, lw_batch_production_rates(NULL, e, &other.columns, 0, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_ENULL, lw_batch_scores(NULL, e, &other.columns, 0, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_pending_soul_shears(NULL, e, &other.columns, 0, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_production_rates(&rates, e, &other.columns, -5, LW_ARCH_AUTOMATIC));
    CHECK_CODE(LW_ENULL, lw_batch_pending_soul_shears(pending, e, NULL, 0, LW_ARCH_AUTOMATIC));

    /* load/store: bad rows and bad values are refused and the state stays as it was. */
    {
        uint64_t before = hash_of(players[0]);
        CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_store_player(players[0], &other.columns, BATCH_PLAYERS));
        CHECK(contains(lw_state_errmsg(players[0]), "index: 13"));
        CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_load_player(&other.columns, BATCH_PLAYERS, players[0]));
        {
            /* Click tokens above the burst: no save could hold the state (found by fuzz_batch_rows). */
            double tokens = other.columns.click_tokens_milli[0];
            other.columns.click_tokens_milli[0] = 1700034500000.0;
            CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_store_player(players[0], &other.columns, 0));
            CHECK(contains(lw_state_errmsg(players[0]), "columns.click_tokens_milli, row 0: 1700034500000"));
            other.columns.click_tokens_milli[0] = 20001.0;
            CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_store_player(players[0], &other.columns, 0));
            CHECK(hash_of(players[0]) == before);
            other.columns.click_tokens_milli[0] = tokens;
        }
        other.columns.wool[1][0] = -1.0;
        CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_store_player(players[0], &other.columns, 0));
        CHECK(contains(lw_state_errmsg(players[0]), "row 0"));
        other.columns.wool[1][0] = 0.0;
        /* Click tokens above clickBurst * 1000 (20000): the save loader would refuse the state's save. */
        other.columns.click_tokens_milli[0] = 20001.0;
        CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_store_player(players[0], &other.columns, 0));
        CHECK(contains(lw_state_errmsg(players[0]), "click"));
        other.columns.click_tokens_milli[0] = 20000.0;
        other.columns.last_update_ms[0] = 0.5;
        CHECK_CODE(LW_EINVALID_ARGUMENT, lw_batch_store_player(players[0], &other.columns, 0));
        other.columns.wool[3] = NULL;
        CHECK_CODE(LW_ENULL, lw_batch_store_player(players[0], &other.columns, 0));
        CHECK(contains(lw_state_errmsg(players[0]), "columns.wool[3]"));
        CHECK_CODE(LW_ENULL, lw_batch_load_player(&other.columns, 0, players[0]));
        CHECK(hash_of(players[0]) == before);
        CHECK_CODE(LW_ENULL, lw_batch_store_player(NULL, &other.columns, 0));
        CHECK_CODE(LW_ENULL, lw_batch_store_player(players[0], NULL, 0));
        CHECK_CODE(LW_ENULL, lw_batch_load_player(NULL, 0, players[0]));
        CHECK_CODE(LW_ENULL, lw_batch_load_player(&other.columns, 0, NULL));
    }
    for (i = 0; i < BATCH_PLAYERS; ++i) lw_state_free(players[i]);
}

static void test_signing_supported(const lw_engine *e) {
    lw_state *s = new_farm(e), *verified = NULL;
    char *key = NULL, *other_key = NULL, *snapshot = NULL;
    char *tampered;
    size_t n;

    CHECK_CODE(LW_OK, lw_signing_key_generate(&key));
    CHECK(key && strlen(key) == 64);
    CHECK_CODE(LW_OK, lw_signing_key_generate(&other_key));
    CHECK(strcmp(key, other_key) != 0);

    CHECK_CODE(LW_OK, lw_state_sign(&snapshot, s, key));
    CHECK(contains(snapshot, "{\"format\":\"llamawool-signed-save\""));
    CHECK_CODE(LW_OK, lw_state_verify(&verified, e, snapshot, key));
    CHECK(verified && hash_of(verified) == hash_of(s));
    lw_state_free(verified);

    CHECK_CODE(LW_ESIGNATURE_MISMATCH, lw_state_verify(&verified, e, snapshot, other_key));
    CHECK(verified == NULL);
    n = strlen(snapshot);
    tampered = (char *)malloc(n + 1);
    memcpy(tampered, snapshot, n + 1);
    tampered[strstr(tampered, "p-123") - tampered + 2] = '9'; /* the player id inside the save */
    CHECK_CODE(LW_ESIGNATURE_MISMATCH, lw_state_verify(&verified, e, tampered, key));
    tampered[0] = '['; /* not the snapshot header */
    CHECK_CODE(LW_EINVALID_SNAPSHOT, lw_state_verify(&verified, e, tampered, key));
    free(tampered);

    lw_free(other_key);
    CHECK_CODE(LW_EINVALID_KEY, lw_state_sign(&other_key, s, "abc"));
    CHECK(other_key == NULL && contains(lw_state_errmsg(s), "64"));
    CHECK_CODE(LW_EINVALID_KEY, lw_state_verify(&verified, e, snapshot, "zz"));
    CHECK_CODE(LW_ENULL, lw_state_sign(&other_key, s, NULL));
    CHECK_CODE(LW_ENULL, lw_state_sign(NULL, s, key));
    CHECK_CODE(LW_ENULL, lw_state_sign(&other_key, NULL, key));
    CHECK(other_key == NULL);
    CHECK_CODE(LW_ENULL, lw_state_verify(NULL, e, snapshot, key));
    CHECK_CODE(LW_ENULL, lw_state_verify(&verified, NULL, snapshot, key));
    CHECK_CODE(LW_ENULL, lw_state_verify(&verified, e, NULL, key));
    CHECK_CODE(LW_ENULL, lw_state_verify(&verified, e, snapshot, NULL));
    CHECK_CODE(LW_ENULL, lw_signing_key_generate(NULL));

    lw_free(snapshot);
    lw_free(key);
    lw_state_free(s);
}

static void test_signing_unsupported(const lw_engine *e) {
    lw_state *s = new_farm(e), *verified = NULL;
    char *text = NULL;
    const char *key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    CHECK_CODE(LW_EUNSUPPORTED, lw_signing_key_generate(&text));
    CHECK_CODE(LW_EUNSUPPORTED, lw_state_sign(&text, s, key));
    CHECK(contains(lw_state_errmsg(s), "libsodium"));
    CHECK_CODE(LW_EUNSUPPORTED, lw_state_verify(&verified, e, "{}", key));
    CHECK(text == NULL && verified == NULL);
    CHECK_CODE(LW_ENULL, lw_signing_key_generate(NULL));
    lw_state_free(s);
}

/* A state keeps its ruleset alive: the engine may go first. */
static void test_state_outlives_engine(const char *variant_ruleset) {
    lw_engine *e = NULL;
    lw_state *s = NULL;
    char *save = NULL;
    CHECK_CODE(LW_OK, lw_engine_new_from_json(&e, variant_ruleset));
    CHECK_CODE(LW_OK, lw_state_new(&s, e, "p-1", 0));
    lw_engine_free(e);
    CHECK_CODE(LW_OK, lw_state_save(&save, s));
    CHECK(contains(save, "llama-wool-farm/test-variant"));
    lw_free(save);
    lw_state_free(s);
}

/* The default ruleset under another id: a ruleset a save of the default one does not belong to. */
/* text with its first `from` replaced by `to` (text is freed; the caller frees the result). */
static char *replace_once(char *text, const char *from, const char *to) {
    char *at = strstr(text, from), *out;
    if (!at) exit(2);
    out = (char *)malloc(strlen(text) + strlen(to) + 1);
    memcpy(out, text, (size_t)(at - text));
    strcpy(out + (at - text), to);
    strcat(out, at + strlen(from));
    free(text);
    return out;
}

static char *variant_ruleset(void) {
    return replace_once(read_file("engine/rulesets/llama-wool-farm-1.json"), "\"id\": \"llama-wool-farm/1\"",
                        "\"id\": \"llama-wool-farm/test-variant\"");
}

static void test_events(const lw_engine *e) {
    char *events = NULL, *rules = replace_once(read_file("engine/rulesets/llama-wool-farm-1.json"), "\"events\": []",
        "\"events\": [{\"id\": \"double_wool_weekend\", \"startMs\": 1700003600000, \"endMs\": 1700176400000,"
        " \"effects\": {\"production\": 2}}, {\"id\": \"fair\", \"startMs\": 5, \"endMs\": 6, \"effects\":"
        " {\"offlineEfficiency\": 0.1, \"buildingCost\": 0.75, \"prestige\": 1}}]");
    lw_engine *live = NULL;
    CHECK_CODE(LW_OK, lw_engine_events_json(&events, e));
    CHECK(events && strcmp(events, "[]") == 0);
    lw_free(events);
    CHECK_CODE(LW_OK, lw_engine_new_from_json(&live, rules));
    CHECK_CODE(LW_OK, lw_engine_events_json(&events, live));
    CHECK(events && strcmp(events, "[{\"id\":\"double_wool_weekend\",\"startMs\":1700003600000,\"endMs\":1700176400000,"
                                   "\"effects\":{\"production\":2.0}},{\"id\":\"fair\",\"startMs\":5,\"endMs\":6,"
                                   "\"effects\":{\"buildingCost\":0.75,\"offlineEfficiency\":0.1}}]") == 0);
    if (events) printf("events: %s\n", events);
    lw_free(events);
    events = (char *)1;
    CHECK_CODE(LW_ENULL, lw_engine_events_json(&events, NULL));
    CHECK(events == NULL && contains(lw_errmsg(), "engine"));
    CHECK_CODE(LW_ENULL, lw_engine_events_json(NULL, e));
    lw_engine_free(live);
    free(rules);
}

static void test_pwa_import(const lw_engine *e) {
    char *mid = read_file("tests/data/pwa/mid-game.json"), *merged = read_file("tests/data/pwa/upstream-sync-merged.json");
    char *old = read_file("tests/data/pwa/upstream-savedata.json"), *report = NULL, hex[17];
    lw_state *s = NULL;
    const char *player = NULL;
    int64_t ms = 0;

    CHECK_CODE(LW_OK, lw_pwa_import(&s, &report, e, mid, LW_NO_CLOCK));
    CHECK(s != NULL && contains(report, "{\"format\":\"GameSave\",\"unmapped\":[{\"path\":\"timestamp\""));
    CHECK(contains(report, "\"carried\":{\"goldenFleece\":\"3\""));
    CHECK_CODE(LW_OK, lw_state_player_id(&player, s));
    CHECK(player && strcmp(player, "3f6c2a1e-8b4d-4c7a-9e2f-5a1b7d9c0e42") == 0);
    CHECK_CODE(LW_OK, lw_state_last_update_ms(&ms, s));
    CHECK(ms == 1732544125000);
    lw_free(report);
    lw_state_free(s);

    CHECK_CODE(LW_OK, lw_pwa_import(&s, &report, e, merged, 1732601265000));
    CHECK(contains(report, "{\"format\":\"VersionedGameState (sync-merged)\",\"checksum\":{\"status\":\"verified\""));
    CHECK_CODE(LW_OK, lw_state_hash_hex(hex, s));
    lw_free(report);
    lw_state_free(s);

    /* Refusals: both outputs NULL, the message in lw_errmsg(). */
    s = (lw_state *)1;
    report = (char *)1;
    CHECK_CODE(LW_EINVALID_PWA_SAVE, lw_pwa_import(&s, &report, e, old, LW_NO_CLOCK));
    CHECK(s == NULL && report == NULL && contains(lw_errmsg(), "gameData: this is the SaveData of the PWA's Phaser SaveSystem"));
    CHECK_CODE(LW_EINVALID_PWA_SAVE, lw_pwa_import(&s, &report, e, mid, 1732544125000 - 5001)); /* lastSaveTime ahead */
    CHECK(s == NULL && report == NULL && contains(lw_errmsg(), "lastSaveTime"));
    CHECK_CODE(LW_EINVALID_JSON, lw_pwa_import(&s, &report, e, "{", LW_NO_CLOCK));
    CHECK_CODE(LW_EINVALID_ARGUMENT, lw_pwa_import(&s, &report, e, mid, -1));
    CHECK(contains(lw_errmsg(), "now_ms"));
    CHECK_CODE(LW_ENULL, lw_pwa_import(&s, &report, e, NULL, LW_NO_CLOCK));
    CHECK_CODE(LW_ENULL, lw_pwa_import(&s, &report, NULL, mid, LW_NO_CLOCK));
    CHECK_CODE(LW_ENULL, lw_pwa_import(&s, NULL, e, mid, LW_NO_CLOCK));
    CHECK(s == NULL);
    CHECK_CODE(LW_ENULL, lw_pwa_import(NULL, &report, e, mid, LW_NO_CLOCK));
    CHECK(s == NULL && report == NULL);
    free(mid);
    free(merged);
    free(old);
}

int main(int argc, char **argv) {
    lw_engine *e = NULL, *variant = NULL;
    char *variant_json;
    if (argc != 2 || strlen(argv[1]) >= sizeof g_root) {
        fprintf(stderr, "usage: test_c_abi REPO_ROOT\n");
        return 2;
    }
    strcpy(g_root, argv[1]);
    variant_json = variant_ruleset();

    test_version_and_codes();
    test_engines(variant_json);
    CHECK_CODE(LW_OK, lw_engine_new_default(&e));
    CHECK_CODE(LW_OK, lw_engine_new_from_json(&variant, variant_json));
    test_state_new_and_read(e);
    test_save_load_copy(e, variant);
    test_apply(e);
    test_resume(e);
    test_sync(e);
    test_scores(e);
    test_view(e);
    test_events(e);
    test_pwa_import(e);
    test_batch_archs();
    test_upgrade_effects(e);
    test_batch_kernels(e);
    if (LW_TEST_EXPECT_SIGNING)
        test_signing_supported(e);
    else
        test_signing_unsupported(e);
    test_state_outlives_engine(variant_json);

    lw_engine_free(variant);
    lw_engine_free(e);
    free(variant_json);
    printf("C ABI (llamawool %s): %d passed, %d failed\n", lw_version(), g_checks - g_failures, g_failures);
    return g_failures == 0 ? 0 : 1;
}
