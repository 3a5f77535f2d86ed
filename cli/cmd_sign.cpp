// `llamawool keygen | sign | verify`: signed save snapshots (docs/signing.md). Native only, like
// the whole CLI; the keys belong on servers.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "llamawool/llamawool.hpp"
#include "llamawool/signing.hpp"

namespace llamawool::cli {
namespace {

// Overwrites a string that held key material before it is freed.
void wipe(std::string& s) {
    volatile char* c = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) c[i] = 0;
}

// Writes a new key file: mode 0600 from the start, complete or not at all (a temporary file beside
// it, fsynced, then hard-linked into place), and never over an existing file: replacing a key
// would make every snapshot signed with it unverifiable.
bool write_new_key_file(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        print_error("cannot write " + path + ": " + std::strerror(errno));
        return false;
    }
    bool ok = ::fchmod(fd, 0600) == 0;  // exactly 0600 whatever the umask
    std::size_t done = 0;
    while (ok && done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ok = (::close(fd) == 0) && ok;
    if (!ok) {
        print_error("cannot write " + path + ": " + std::strerror(savedErrno));
        ::unlink(tmp.c_str());
        return false;
    }
    if (::link(tmp.c_str(), path.c_str()) != 0) {
        const int linkErrno = errno;
        ::unlink(tmp.c_str());
        if (linkErrno == EEXIST)
            print_error(path + " already exists; keygen never replaces a key (remove the file first)");
        else
            print_error("cannot write " + path + ": " + std::strerror(linkErrno));
        return false;
    }
    ::unlink(tmp.c_str());
    return true;
}

// Reads a key file: 64 hex digits, optionally followed by one newline ("\n" or "\r\n").
std::optional<SigningKey> read_key_file(const std::string& path) {
    std::optional<std::string> text = read_input(path);
    if (!text) return std::nullopt;
    std::string_view hex = *text;
    if (hex.ends_with('\n')) hex.remove_suffix(1);
    if (hex.ends_with('\r')) hex.remove_suffix(1);
    Result<SigningKey> key = parse_signing_key(hex);
    wipe(*text);
    if (!key.ok()) {
        print_error(fmt::format("{}: {} ({})", path, key.status().message, error_code_name(key.status().code)));
        return std::nullopt;
    }
    return key.value();
}

}  // namespace

int cmd_keygen(const ParsedArgs& p) {
    if (!p.positional.empty()) {
        print_error("keygen takes no positional arguments, got \"" + p.positional[0] + "\"");
        return 2;
    }
    const std::string* out = p.option("-o");
    if (!out || out->empty() || *out == "-") {
        print_error("keygen needs -o KEYFILE (the key is written to a new file with mode 0600, never to stdout)");
        return 2;
    }
    Result<SigningKey> key = generate_signing_key();
    if (!key.ok()) {
        print_error(fmt::format("{} ({})", key.status().message, error_code_name(key.status().code)));
        return 1;
    }
    std::string text = format_signing_key(key.value()) + "\n";
    const bool written = write_new_key_file(*out, text);
    wipe(text);
    return written ? 0 : 1;
}

int cmd_sign(const ParsedArgs& p) {
    const std::string* keyPath = p.option("--key");
    if (p.positional.size() != 1 || !keyPath) {
        print_error("sign needs SAVE (a file, or '-' for stdin) and --key KEYFILE");
        return 2;
    }
    const std::string& savePath = p.positional[0];
    if (savePath == "-" && *keyPath == "-") {
        print_error("only one of SAVE and KEYFILE can be read from stdin");
        return 2;
    }
    const std::optional<SigningKey> key = read_key_file(*keyPath);
    if (!key) return 1;
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    // Only a valid save is signed, and it is signed in its canonical form (save_to_json).
    const auto loaded = load_save_file(rules, savePath);
    if (!loaded) return 1;
    const std::string* out = p.option("-o");
    return write_output_atomically(out ? *out : "-", signed_snapshot(rules, *loaded, *key)) ? 0 : 1;
}

int cmd_verify(const ParsedArgs& p) {
    const std::string* keyPath = p.option("--key");
    if (p.positional.size() != 1 || !keyPath) {
        print_error("verify needs SNAPSHOT (a file, or '-' for stdin) and --key KEYFILE");
        return 2;
    }
    const std::string& snapshotPath = p.positional[0];
    if (snapshotPath == "-" && *keyPath == "-") {
        print_error("only one of SNAPSHOT and KEYFILE can be read from stdin");
        return 2;
    }
    const std::optional<SigningKey> key = read_key_file(*keyPath);
    if (!key) return 1;
    const Ruleset* selected = ruleset_option(p);  // --ruleset FILE, or the embedded default
    if (!selected) return 1;
    const Ruleset& rules = *selected;
    const auto text = read_input(snapshotPath);
    if (!text) return 1;
    const Result<State> verified = verify_snapshot(rules, *text, *key);
    if (!verified.ok()) {
        print_error(fmt::format("{}: verification FAILED: {} ({})", snapshotPath, verified.status().message,
                                error_code_name(verified.status().code)));
        return 1;
    }
    const State& state = verified.value();
    // -o writes the verified save (canonical save text) so that other commands can use it.
    const std::string* out = p.option("-o");
    if (out && !write_output_atomically(*out, save_to_json(rules, state))) return 1;
    const std::string confirmation = fmt::format("{}: signature ok; player {}, lastUpdateMs {}, stateHash {}\n",
                                                 snapshotPath, state.playerId, state.lastUpdateMs,
                                                 format_hash(state_hash(rules, state)));
    // With "-o -" the save goes to stdout, so the confirmation goes to stderr.
    std::fputs(confirmation.c_str(), out && *out == "-" ? stderr : stdout);
    return 0;
}

}  // namespace llamawool::cli
