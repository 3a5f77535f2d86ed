#!/usr/bin/env python3
"""Replays the golden playthroughs (tests/data/golden/*.json) through the C ABI from Python, in the
locale of the environment (setlocale(LC_ALL, "")), and checks each one's expectedHash.

Run under tests/locale/with-comma-locale.sh it proves that a host in a comma-decimal locale parses
the ruleset (rulesetJson, with numbers such as 1.15), plays, saves, reloads and hashes to the same
bits as everywhere else.

    golden-replay.py LIBLLAMAWOOL GOLDEN_DIR
"""
import ctypes
import json
import locale
import pathlib
import sys

LW_OK = 0


def bind(path):
    lib = ctypes.CDLL(path)
    p = ctypes.POINTER
    table = {
        "lw_errmsg": (ctypes.c_char_p, []),
        "lw_free": (None, [ctypes.c_void_p]),
        "lw_engine_new_default": (ctypes.c_int, [p(ctypes.c_void_p)]),
        "lw_engine_new_from_json": (ctypes.c_int, [p(ctypes.c_void_p), ctypes.c_char_p]),
        "lw_engine_free": (None, [ctypes.c_void_p]),
        "lw_state_new": (ctypes.c_int, [p(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64]),
        "lw_state_load": (ctypes.c_int, [p(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p]),
        "lw_state_free": (None, [ctypes.c_void_p]),
        "lw_state_errmsg": (ctypes.c_char_p, [ctypes.c_void_p]),
        "lw_state_apply": (ctypes.c_int, [p(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64]),
        "lw_state_save": (ctypes.c_int, [p(ctypes.c_void_p), ctypes.c_void_p]),
        "lw_state_hash_hex": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_void_p]),
    }
    for name, (restype, argtypes) in table.items():
        getattr(lib, name).restype = restype
        getattr(lib, name).argtypes = argtypes
    return lib


def hash_hex(lib, state):
    buf = ctypes.create_string_buffer(17)
    if lib.lw_state_hash_hex(buf, state) != LW_OK:
        raise RuntimeError(lib.lw_state_errmsg(state).decode())
    return buf.value.decode()


def replay(lib, golden):
    """The state hash after the playthrough, and after a save and reload of it."""
    engine = ctypes.c_void_p()
    if golden["rulesetJson"] is None:
        r = lib.lw_engine_new_default(ctypes.byref(engine))
    else:
        r = lib.lw_engine_new_from_json(ctypes.byref(engine), golden["rulesetJson"].encode())
    if r != LW_OK:
        raise RuntimeError(f"ruleset: {lib.lw_errmsg().decode()}")
    state = ctypes.c_void_p()
    reloaded = ctypes.c_void_p()
    try:
        if lib.lw_state_new(ctypes.byref(state), engine, golden["player"].encode(), golden["t0"]) != LW_OK:
            raise RuntimeError(lib.lw_errmsg().decode())
        accepted = 0
        for action in golden["actions"]:
            report = ctypes.c_void_p()
            if lib.lw_state_apply(ctypes.byref(report), state, json.dumps(action).encode(), -2**63) == LW_OK:
                accepted += 1
                lib.lw_free(report)
        hashes = [hash_hex(lib, state)]
        save = ctypes.c_void_p()
        if lib.lw_state_save(ctypes.byref(save), state) != LW_OK:
            raise RuntimeError(lib.lw_state_errmsg(state).decode())
        text = ctypes.string_at(save.value)
        lib.lw_free(save)
        if lib.lw_state_load(ctypes.byref(reloaded), engine, text) != LW_OK:
            raise RuntimeError(f"reload: {lib.lw_errmsg().decode()}")
        hashes.append(hash_hex(lib, reloaded))
        return hashes, accepted
    finally:
        lib.lw_state_free(reloaded)
        lib.lw_state_free(state)
        lib.lw_engine_free(engine)


def main(argv):
    lib_path, golden_dir = argv
    locale.setlocale(locale.LC_ALL, "")  # as a Python server would
    point = locale.localeconv()["decimal_point"]
    print(f"locale {locale.setlocale(locale.LC_NUMERIC)}: decimal point '{point}'")
    lib = bind(lib_path)
    files = sorted(pathlib.Path(golden_dir).glob("*.json"))
    if len(files) < 3:
        print(f"expected the three golden playthroughs in {golden_dir}, found {len(files)}")
        return 1
    failures = 0
    for path in files:
        golden = json.loads(path.read_text())
        (played, reloaded), accepted = replay(lib, golden)
        ok = played == golden["expectedHash"] == reloaded
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} golden \"{golden['name']}\": {accepted} of {len(golden['actions'])} "
              f"actions accepted -> stateHash {played}, reloaded {reloaded}, expected {golden['expectedHash']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
