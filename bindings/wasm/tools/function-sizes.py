#!/usr/bin/env python3
"""Where the bytes of a WebAssembly module go: code size per function and per library, read from
the module's code section and its name section (link with --profiling-funcs to keep names).

    bindings/wasm/tools/function-sizes.py MODULE.wasm [TOP]

docs/wasm-package.md ("Size") shows how to link such a module from the wasm build tree.
"""
import collections
import sys


def uleb(data, i):
    """An unsigned LEB128 number at data[i]: (value, index after it)."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def skip_limits(data, i):
    flags, i = uleb(data, i)
    _, i = uleb(data, i)
    if flags & 1:
        _, i = uleb(data, i)
    return i


def read_module(data):
    """(imported function count, [body size of each defined function], {function index: name})."""
    if data[:4] != b"\0asm":
        raise SystemExit("not a WebAssembly module")
    i, imported, bodies, names = 8, 0, [], {}
    while i < len(data):
        section = data[i]
        size, i = uleb(data, i + 1)
        end = i + size
        if section == 2:  # imports: only functions take function indices
            count, j = uleb(data, i)
            for _ in range(count):
                for _ in range(2):  # module and field names
                    length, j = uleb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = uleb(data, j)
                    imported += 1
                elif kind == 1:
                    j = skip_limits(data, j + 1)
                elif kind == 2:
                    j = skip_limits(data, j)
                elif kind == 3:
                    j += 2
        elif section == 10:  # code
            count, j = uleb(data, i)
            for _ in range(count):
                length, k = uleb(data, j)
                bodies.append(k - j + length)
                j = k + length
        elif section == 0:  # custom: the "name" section's function names
            length, j = uleb(data, i)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    kind = data[j]
                    sub_size, j = uleb(data, j + 1)
                    sub_end = j + sub_size
                    if kind == 1:
                        count, k = uleb(data, j)
                        for _ in range(count):
                            index, k = uleb(data, k)
                            length, k = uleb(data, k)
                            names[index] = data[k:k + length].decode("utf-8", "replace")
                            k += length
                    j = sub_end
        i = end
    return imported, bodies, names


LIBRARIES = [("nlohmann::", "nlohmann-json"), ("fmt::", "fmt"), ("fast_float::", "fast_float"),
             ("xsimd::", "xsimd"), ("lw_", "C ABI"), ("llamawool::", "engine"),
             ("std::__2::locale", "libc++ locale"), ("std::__2::", "libc++ other")]


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    data = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) == 3 else 30
    imported, bodies, names = read_module(data)
    if not names:
        print("(no name section: link with --profiling-funcs to see function names)")
    functions = [(size, names.get(imported + n, f"function {imported + n}")) for n, size in enumerate(bodies)]
    by_library = collections.Counter()
    for size, name in functions:
        by_library[next((lib for prefix, lib in LIBRARIES if prefix in name), "libc and other")] += size
    print(f"{len(data)} bytes; code {sum(bodies)} bytes in {len(bodies)} functions")
    for library, size in by_library.most_common():
        print(f"{size:9d}  {library}")
    print(f"largest {top} functions:")
    for size, name in sorted(functions, reverse=True)[:top]:
        print(f"{size:9d}  {name[:160]}")


if __name__ == "__main__":
    main()
