// Where and how `-o FILE` writes. The rules (docs/cli.md, "Conventions"):
//  - FILE is replaced whole: the text goes to a temporary file beside it, which is fsynced and then
//    renamed over FILE, and the directory is fsynced, so a crash leaves the old file or the new one;
//  - a symbolic link is followed to the file it names (the link stays a link);
//  - only regular files are written: a directory, a device (/dev/null), a named pipe or a socket is
//    refused before anything is written, because the rename would replace the node itself;
//  - a replaced file keeps its permission bits (and, when root writes, its owner).
#include "output_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cli_io.hpp"

namespace llamawool::cli {
namespace {

constexpr int kMaxSymlinks = 40;  // as the kernel's own limit (ELOOP)

std::string directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a named pipe";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

std::string target_phrase(const std::string& asked, const std::string& target) {
    return asked == target ? asked : fmt::format("{} (a link to {})", asked, target);
}

// The temporary file is created in, and renamed into, the target's directory.
bool directory_writable(const std::string& asked, const std::string& target) {
    const std::string dir = directory_of(target);
    if (::faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) == 0) return true;
    print_error(fmt::format("cannot write {}: the directory {}: {}", target_phrase(asked, target), dir,
                            std::strerror(errno)));
    return false;
}

bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// fsync of the directory makes the rename itself durable. Some file systems cannot fsync a
// directory (EINVAL); the rename is then as durable as they make it.
bool sync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0 || errno == EINVAL;
    ::close(fd);
    return ok;
}

}  // namespace

std::optional<OutputTarget> resolve_output_target(const std::string& path) {
    if (path.empty()) {
        print_error("-o: needs a file name (or '-' for standard output)");
        return std::nullopt;
    }
    std::string current = path;
    for (int links = 0; links <= kMaxSymlinks; ++links) {
        struct stat st {};
        if (::lstat(current.c_str(), &st) != 0) {
            if (errno != ENOENT) {
                print_error(fmt::format("cannot write {}: {}", target_phrase(path, current), std::strerror(errno)));
                return std::nullopt;
            }
            const std::string dir = directory_of(current);
            struct stat dirSt {};
            if (::stat(dir.c_str(), &dirSt) != 0 || !S_ISDIR(dirSt.st_mode)) {
                print_error(fmt::format("cannot write {}: the directory {} does not exist",
                                        target_phrase(path, current), dir));
                return std::nullopt;
            }
            if (!directory_writable(path, current)) return std::nullopt;
            return OutputTarget{current, false, {}};
        }
        if (S_ISLNK(st.st_mode)) {
            std::string link(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 4096), '\0');
            const ssize_t n = ::readlink(current.c_str(), link.data(), link.size());
            if (n < 0) {
                print_error(fmt::format("cannot write {}: {}", target_phrase(path, current), std::strerror(errno)));
                return std::nullopt;
            }
            link.resize(static_cast<std::size_t>(n));
            current = (!link.empty() && link[0] == '/') ? link : directory_of(current) + "/" + link;
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            print_error(fmt::format("-o {}: is {}; -o writes only regular files (use '-o -' for standard output)",
                                    target_phrase(path, current), kind_of(st.st_mode)));
            return std::nullopt;
        }
        // rename() would replace a file the user cannot write; refuse as opening it for writing would.
        if (::faccessat(AT_FDCWD, current.c_str(), W_OK, AT_EACCESS) != 0) {
            print_error(fmt::format("cannot write {}: {}", target_phrase(path, current), std::strerror(errno)));
            return std::nullopt;
        }
        if (!directory_writable(path, current)) return std::nullopt;
        return OutputTarget{current, true, st};
    }
    print_error(fmt::format("cannot write {}: more than {} symbolic links to follow", path, kMaxSymlinks));
    return std::nullopt;
}

bool write_output_atomically(const std::string& path, const std::string& text) {
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0;
    }
    const std::optional<OutputTarget> target = resolve_output_target(path);
    if (!target) return false;
    const std::string& file = target->path;
    const std::string tmp = file + ".tmp." + std::to_string(::getpid());
    auto fail = [&](int err, bool removeTmp) {
        print_error(fmt::format("cannot write {}: {}", target_phrase(path, file), std::strerror(err)));
        if (removeTmp) ::unlink(tmp.c_str());
        return false;
    };

    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) return fail(errno, false);
    bool ok = true;
    if (target->exists) {
        ok = ::fchmod(fd, target->previous.st_mode & 07777) == 0;
        if (ok && ::geteuid() == 0)
            ok = ::fchown(fd, target->previous.st_uid, target->previous.st_gid) == 0;
    }
    ok = ok && write_all(fd, text) && ::fsync(fd) == 0;
    const int writeErrno = errno;
    if (::close(fd) != 0 && ok) return fail(errno, true);
    if (!ok) return fail(writeErrno, true);
    if (::rename(tmp.c_str(), file.c_str()) != 0) return fail(errno, true);
    if (!sync_directory(directory_of(file))) return fail(errno, false);
    return true;
}

}  // namespace llamawool::cli
