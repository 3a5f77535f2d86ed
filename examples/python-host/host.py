#!/usr/bin/env python3
"""A game server's sync loop in Python, through ctypes over libllamawool.so.

For each (SAVE, REQUEST) pair: load the player's trusted save, sync the client's request at the
server's clock NOW_MS, write the new save (whole, through a temporary file) and print the outcome,
byte for byte what examples/c-host prints.

    host.py [--lib PATH] NOW_MS SAVE REQUEST [SAVE REQUEST]...

The library is --lib, else $LLAMAWOOL_LIB, else whatever the loader finds as "llamawool".
"""
import ctypes
import ctypes.util
import locale
import os
import sys

LW_OK = 0
OUTCOME_NAMES = ["accepted", "desync", "rejected", "rebased"]


class Llamawool:
    """The few functions of llamawool.h this host uses, with their C signatures."""

    def __init__(self, path):
        lib = ctypes.CDLL(path)
        # Owned text comes back as a void pointer, not c_char_p: ctypes would copy a c_char_p
        # into bytes and lose the pointer that lw_free needs.
        owned_text = ctypes.POINTER(ctypes.c_void_p)
        self._signatures(lib, {
            "lw_version": (ctypes.c_char_p, []),
            "lw_errstr": (ctypes.c_char_p, [ctypes.c_int]),
            "lw_errmsg": (ctypes.c_char_p, []),
            "lw_free": (None, [ctypes.c_void_p]),
            "lw_engine_new_default": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p)]),
            "lw_engine_free": (None, [ctypes.c_void_p]),
            "lw_state_load": (ctypes.c_int, [ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p]),
            "lw_state_free": (None, [ctypes.c_void_p]),
            "lw_state_errmsg": (ctypes.c_char_p, [ctypes.c_void_p]),
            "lw_state_sync": (ctypes.c_int, [owned_text, ctypes.POINTER(ctypes.c_int), ctypes.c_void_p,
                                             ctypes.c_char_p, ctypes.c_int64]),
            "lw_state_save": (ctypes.c_int, [owned_text, ctypes.c_void_p]),
            "lw_state_hash_hex": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_void_p]),
            "lw_state_scores_json": (ctypes.c_int, [owned_text, ctypes.c_void_p, ctypes.c_int64]),
        })
        self.lib = lib

    @staticmethod
    def _signatures(lib, table):
        for name, (restype, argtypes) in table.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes

    def take_text(self, pointer):
        """The text behind an owned char * out-parameter, freed with lw_free."""
        try:
            return ctypes.string_at(pointer.value).decode("utf-8")
        finally:
            self.lib.lw_free(pointer)


class HostError(Exception):
    pass


def read_text(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        raise HostError(f"cannot read {path}")


def write_file_atomically(path, text):
    tmp = path + ".tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(text.encode("utf-8"))
        os.replace(tmp, path)
    except OSError:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise HostError(f"cannot write {path}")


def serve(lw, engine, now_ms, save_path, request_path):
    lib = lw.lib
    save_text = read_text(save_path)
    request = read_text(request_path)
    state = ctypes.c_void_p()
    r = lib.lw_state_load(ctypes.byref(state), engine, save_text)
    if r != LW_OK:
        raise HostError(f"{save_path}: {lib.lw_errmsg().decode()} ({lib.lw_errstr(r).decode()})")
    try:
        response, outcome = ctypes.c_void_p(), ctypes.c_int()
        r = lib.lw_state_sync(ctypes.byref(response), ctypes.byref(outcome), state, request, now_ms)
        if r != LW_OK:
            raise HostError(f"{request_path}: {lib.lw_state_errmsg(state).decode()} ({lib.lw_errstr(r).decode()})")
        lw.take_text(response)  # a real server sends this back to the client
        new_save, scores = ctypes.c_void_p(), ctypes.c_void_p()
        if lib.lw_state_save(ctypes.byref(new_save), state) != LW_OK:
            raise HostError(f"cannot write {save_path}")
        write_file_atomically(save_path, lw.take_text(new_save))
        hash_hex = ctypes.create_string_buffer(17)
        if lib.lw_state_hash_hex(hash_hex, state) != LW_OK or \
                lib.lw_state_scores_json(ctypes.byref(scores), state, now_ms) != LW_OK:
            raise HostError(lib.lw_state_errmsg(state).decode())
        print(f"{save_path} <- {request_path}: {OUTCOME_NAMES[outcome.value]}, "
              f"stateHash {hash_hex.value.decode()}, scores {lw.take_text(scores)}")
    finally:
        lib.lw_state_free(state)


def main(argv):
    # Like most servers, the host runs in its environment's locale (Python itself sets only
    # LC_CTYPE); the engine's results do not depend on it (tests/locale/ runs this host under
    # de_DE, where the decimal point is a comma).
    try:
        locale.setlocale(locale.LC_ALL, "")
    except locale.Error:
        pass  # the environment names a locale this machine lacks: stay in "C", as a C host would
    lib_path = os.environ.get("LLAMAWOOL_LIB") or ctypes.util.find_library("llamawool")
    if len(argv) >= 2 and argv[0] == "--lib":
        lib_path, argv = argv[1], argv[2:]
    if len(argv) < 3 or len(argv) % 2 != 1 or not lib_path:
        print("usage: host.py [--lib PATH] NOW_MS SAVE REQUEST [SAVE REQUEST]...", file=sys.stderr)
        return 2
    try:
        now_ms = int(argv[0])
    except ValueError:
        print(f'host.py: NOW_MS must be an integer, got "{argv[0]}"', file=sys.stderr)
        return 2
    lw = Llamawool(lib_path)
    engine = ctypes.c_void_p()
    if lw.lib.lw_engine_new_default(ctypes.byref(engine)) != LW_OK:
        print(f"host.py: {lw.lib.lw_errmsg().decode()}", file=sys.stderr)
        return 1
    failures = 0
    for i in range(1, len(argv), 2):
        try:
            serve(lw, engine, now_ms, argv[i], argv[i + 1])
        except HostError as e:
            print(f"host.py: {e}", file=sys.stderr)
            failures += 1
    sys.stdout.flush()
    lw.lib.lw_engine_free(engine)
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
