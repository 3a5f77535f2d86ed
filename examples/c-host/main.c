/*
 * A game server's sync loop in C over the llamawool C ABI. For each (SAVE, REQUEST) pair: load the
 * player's trusted save, sync the client's request at the server's clock NOW_MS, write the new
 * save (whole, through a temporary file) and print the outcome.
 *
 *   c-host NOW_MS SAVE REQUEST [SAVE REQUEST]...
 *
 * examples/python-host/host.py does the same through ctypes and prints the same bytes.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llamawool.h"

static const char *const kOutcomeNames[] = {"accepted", "desync", "rejected", "rebased"};

/* The whole file, NUL-terminated (caller frees), or NULL. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        text = (char *)malloc((size_t)size + 1);
        if (text && fread(text, 1, (size_t)size, f) == (size_t)size) {
            text[size] = '\0';
        } else {
            free(text);
            text = NULL;
        }
    }
    fclose(f);
    return text;
}

/* Writes text to PATH.tmp, then renames it over PATH: a crash never leaves half a save. */
static int write_file_atomically(const char *path, const char *text) {
    char tmp[4096];
    FILE *f;
    int ok;
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return 0;
    f = fopen(tmp, "wb");
    if (!f) return 0;
    ok = fwrite(text, 1, strlen(text), f) == strlen(text);
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) == 0) return 1;
    remove(tmp);
    return 0;
}

/* One request: returns 0 on success, 1 after printing the error. */
static int serve(const lw_engine *engine, int64_t now_ms, const char *save_path, const char *request_path) {
    char *save_text = read_file(save_path), *request = read_file(request_path);
    char *response = NULL, *new_save = NULL, *scores = NULL;
    char hash[17];
    lw_state *state = NULL;
    int outcome = 0, status = 1;
    lw_result r;

    if (!save_text || !request) {
        fprintf(stderr, "c-host: cannot read %s\n", save_text ? request_path : save_path);
    } else if ((r = lw_state_load(&state, engine, save_text)) != LW_OK) {
        fprintf(stderr, "c-host: %s: %s (%s)\n", save_path, lw_errmsg(), lw_errstr(r));
    } else if ((r = lw_state_sync(&response, &outcome, state, request, now_ms)) != LW_OK) {
        fprintf(stderr, "c-host: %s: %s (%s)\n", request_path, lw_state_errmsg(state), lw_errstr(r));
    } else if (lw_state_save(&new_save, state) != LW_OK || !write_file_atomically(save_path, new_save)) {
        fprintf(stderr, "c-host: cannot write %s\n", save_path);
    } else if (lw_state_hash_hex(hash, state) == LW_OK && lw_state_scores_json(&scores, state, now_ms) == LW_OK) {
        printf("%s <- %s: %s, stateHash %s, scores %s\n", save_path, request_path, kOutcomeNames[outcome], hash,
               scores);
        status = 0;
    }
    lw_free(scores);
    lw_free(new_save);
    lw_free(response); /* a real server sends this back to the client */
    lw_state_free(state);
    free(request);
    free(save_text);
    return status;
}

int main(int argc, char **argv) {
    lw_engine *engine = NULL;
    char *end = NULL;
    int64_t now_ms;
    int i, failures = 0;

    /* Like most servers, the host runs in its environment's locale; the engine's results do not
     * depend on it (tests/locale/ runs this host under de_DE, where the decimal point is a comma). */
    setlocale(LC_ALL, "");
    if (argc < 4 || argc % 2 != 0) {
        fprintf(stderr, "usage: c-host NOW_MS SAVE REQUEST [SAVE REQUEST]...\n");
        return 2;
    }
    now_ms = (int64_t)strtoll(argv[1], &end, 10);
    if (*end != '\0') {
        fprintf(stderr, "c-host: NOW_MS must be an integer, got \"%s\"\n", argv[1]);
        return 2;
    }
    if (lw_engine_new_default(&engine) != LW_OK) {
        fprintf(stderr, "c-host: %s\n", lw_errmsg());
        return 1;
    }
    for (i = 2; i < argc; i += 2) failures += serve(engine, now_ms, argv[i], argv[i + 1]);
    lw_engine_free(engine);
    return failures == 0 ? 0 : 1;
}
