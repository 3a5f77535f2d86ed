// llamawool: command-line front end of the engine. The command line is parsed with CLI11 (Debian's
// libcli11-dev; docs/cli.md says why) from the table in command_table.cpp; each command then runs
// with its ParsedArgs. Usage errors exit 2 with the command's usage line, `--help` works on every
// command, an option given twice is refused, and `--name=value` is the same as `--name value`.
#include <clocale>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "llamawool/ruleset.hpp"
#include "llamawool/version.hpp"
#include "formats/suggest.hpp"

namespace llamawool::cli {
namespace {

constexpr const char* kExitCodes =
    "exit codes:\n"
    "  0  done\n"
    "  1  an input could not be read or is not valid, or an output could not be written (nothing is written)\n"
    "  2  usage error: unknown command or option, missing or bad argument (nothing is done)\n"
    "  3  apply, client-batch: done, but some actions were refused (the output names each one)\n";

std::string usage_line(const CommandSpec& c) {
    std::string line = fmt::format("llamawool {}", c.name);
    if (*c.arguments) line += fmt::format(" {}", c.arguments);
    if (!c.options.empty()) line += " [options]";
    return line;
}

std::string root_help() {
    std::string out = "usage: llamawool <command> [arguments]   (llamawool <command> --help for its options)\n\ncommands:\n";
    for (const CommandSpec& c : command_specs()) out += fmt::format("  {:<15} {}\n", c.name, c.summary);
    out += fmt::format("  {:<15} {}\n  {:<15} {}\n\n", "help [COMMAND]", "this text, or a command's help", "version",
                       "the engine's version and default ruleset");
    return out + kExitCodes;
}

// Wraps text at 96 columns with an indent.
std::string wrap(const std::string& text, std::size_t indent) {
    std::string out, line(indent, ' ');
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        const std::string word = text.substr(start, end - start);
        if (line.size() > indent && line.size() + 1 + word.size() > 96) {
            out += line + "\n";
            line = std::string(indent, ' ');
        }
        if (line.size() > indent) line += ' ';
        line += word;
        start = end + 1;
    }
    return out + line + "\n";
}

std::string command_help(const CommandSpec& c) {
    std::string out = "usage: " + usage_line(c) + "\n\n" + wrap(c.description, 0) + "\n";
    out += "options:\n";
    for (const OptionSpec& o : c.options) {
        const std::string flag = o.value ? fmt::format("{} {}", o.name, o.value) : o.name;
        const std::string body = wrap(o.help, 24);  // every line indented by 24
        if (flag.size() <= 20) out += fmt::format("  {:<22}{}", flag, body.substr(24));
        else out += fmt::format("  {}\n{}", flag, body);
    }
    out += fmt::format("  {:<22}this help\n\n", "-h, --help");
    return out + kExitCodes;
}

const CommandSpec* find_spec(const std::string& name) {
    for (const CommandSpec& c : command_specs())
        if (name == c.name) return &c;
    return nullptr;
}

std::vector<std::string_view> command_words() {
    std::vector<std::string_view> words;
    for (const CommandSpec& c : command_specs()) {
        std::string_view n = c.name;
        n = n.substr(0, n.find(' '));
        if (words.empty() || words.back() != n) words.push_back(n);
    }
    words.insert(words.end(), {"help", "version"});
    return words;
}

int usage_error(const CommandSpec* c, const std::string& message) {
    print_error(c ? fmt::format("{}: {}", c->name, message) : message);
    if (c) std::fprintf(stderr, "usage: %s   ('llamawool %s --help' for more)\n", usage_line(*c).c_str(), c->name);
    else std::fputs("usage: llamawool <command> [arguments]   ('llamawool --help' lists the commands)\n", stderr);
    return kExitUsage;
}

// A CLI11 error in the words of this tool.
std::string describe(const CLI::ParseError& e, const CommandSpec* c) {
    const std::string what = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        // "The following argument(s) was/were not expected: X Y"
        const std::size_t colon = what.find(": ");
        const std::string first = colon == std::string::npos ? what : what.substr(colon + 2, what.find(' ', colon + 2) - colon - 2);
        if (!first.empty() && first[0] == '-') {
            std::vector<std::string_view> names;
            if (c) for (const OptionSpec& o : c->options) names.push_back(o.name);
            return fmt::format("unknown option {}{}", first, detail::did_you_mean(first, names));
        }
        return fmt::format("unexpected argument \"{}\"", first);
    }
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        const std::string name = what.substr(0, what.find(':'));
        if (what.find("At Most 1 required but received") != std::string::npos)
            return fmt::format("{} is given more than once: give each option once", name);
        if (what.find("required") != std::string::npos && what.find("missing") != std::string::npos)
            return fmt::format("{} needs a value", name);
    }
    return what;
}

}  // namespace
}  // namespace llamawool::cli

int main(int argc, char** argv) {
    using namespace llamawool::cli;
    namespace detail = llamawool::detail;
    // Like most hosts (Python, PHP, servers), the CLI runs in the user's locale. The engine and
    // every output of the CLI are locale-independent (tests/locale/ checks it under de_DE, where
    // the decimal point is a comma), so results are the same bytes in every locale.
    std::setlocale(LC_ALL, "");
    if (argc < 2) {
        std::fputs(root_help().c_str(), stderr);
        return kExitUsage;
    }
    const std::string command = argv[1];
    if (command == "version" || command == "--version") {
        std::printf("llamawool %s (ruleset %s)\n", llamawool::version_string(), llamawool::default_ruleset().id.c_str());
        return kExitOk;
    }
    if (command == "help" || command == "--help" || command == "-h") {
        std::string topic;
        for (int i = 2; i < argc; ++i) topic += (topic.empty() ? "" : " ") + std::string(argv[i]);
        if (topic.empty()) {
            std::fputs(root_help().c_str(), stdout);
            return kExitOk;
        }
        if (const CommandSpec* c = find_spec(topic)) {
            std::fputs(command_help(*c).c_str(), stdout);
            return kExitOk;
        }
        if (topic == "ruleset") {
            std::fputs(command_help(*find_spec("ruleset check")).c_str(), stdout);
            std::fputs("\n", stdout);
            std::fputs(command_help(*find_spec("ruleset show")).c_str(), stdout);
            return kExitOk;
        }
        return usage_error(nullptr, fmt::format("help: no command \"{}\"{}", topic, detail::did_you_mean(topic, command_words())));
    }
    {
        const auto words = command_words();
        bool known = false;
        for (auto w : words) known = known || w == command;
        if (!known)
            return usage_error(nullptr, fmt::format("unknown command \"{}\"{}", command, detail::did_you_mean(command, words)));
    }

    // One CLI11 subcommand per table entry; "ruleset check" is the subcommand check of ruleset.
    CLI::App app{"llamawool"};
    app.set_help_flag();  // help is printed from the table, see below
    app.require_subcommand(1);
    struct Bound {
        const CommandSpec* spec;
        CLI::App* app;
        std::vector<std::string> positional;
        std::map<std::string, std::string> values;
        std::map<std::string, bool> flags;
        std::map<std::string, CLI::Option*> opts;
        bool help = false;
    };
    std::vector<std::unique_ptr<Bound>> bound;
    std::map<std::string, CLI::App*> groups;
    for (const CommandSpec& c : command_specs()) {
        auto b = std::make_unique<Bound>();
        b->spec = &c;
        const std::string name = c.name;
        const std::size_t space = name.find(' ');
        CLI::App* parent = &app;
        std::string leaf = name;
        if (space != std::string::npos) {
            const std::string group = name.substr(0, space);
            if (!groups.count(group)) {
                groups[group] = app.add_subcommand(group);
                groups[group]->set_help_flag();
                groups[group]->require_subcommand(1);
            }
            parent = groups[group];
            leaf = name.substr(space + 1);
        }
        b->app = parent->add_subcommand(leaf);
        b->app->set_help_flag();
        b->app->add_flag("-h,--help", b->help);
        b->app->add_option("arguments", b->positional)->expected(0, -1);
        for (const OptionSpec& o : c.options) {
            if (o.value) {
                b->opts[o.name] = b->app->add_option(o.name, b->values[o.name]);
            } else {
                b->opts[o.name] = b->app->add_flag(o.name, b->flags[o.name]);
                b->opts[o.name]->multi_option_policy(CLI::MultiOptionPolicy::Throw);
            }
        }
        bound.push_back(std::move(b));
    }
    // The command being run: the deepest subcommand CLI11 saw (also when parsing failed).
    auto current = [&]() -> Bound* {
        for (auto& b : bound)
            if (b->app->parsed()) return b.get();
        return nullptr;
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        Bound* b = current();
        if (b && b->help) {
            std::fputs(command_help(*b->spec).c_str(), stdout);
            return kExitOk;
        }
        if (!b && groups.count(command)) {  // "llamawool ruleset" without check or show
            const std::string sub = argc > 2 ? argv[2] : "";
            if (sub == "-h" || sub == "--help") {
                std::fputs(command_help(*find_spec("ruleset check")).c_str(), stdout);
                std::fputs("\n", stdout);
                std::fputs(command_help(*find_spec("ruleset show")).c_str(), stdout);
                return kExitOk;
            }
            return usage_error(nullptr, sub.empty() ? "ruleset needs a command: check or show"
                                                    : fmt::format("ruleset: unknown command \"{}\"{}", sub,
                                                                  detail::did_you_mean(sub, {"check", "show"})));
        }
        return usage_error(b ? b->spec : nullptr, describe(e, b ? b->spec : nullptr));
    }
    Bound* b = current();
    if (!b) return usage_error(nullptr, "no command");
    if (b->help) {
        std::fputs(command_help(*b->spec).c_str(), stdout);
        return kExitOk;
    }
    ParsedArgs parsed;
    parsed.positional = b->positional;
    for (const OptionSpec& o : b->spec->options) {
        if (b->opts[o.name]->count() == 0) continue;
        const std::string value = o.value ? b->values[o.name] : "";
        // "-o=FILE" would otherwise mean a file named "=FILE".
        if (o.value && o.name[1] != '-' && !value.empty() && value[0] == '=')
            return usage_error(b->spec, fmt::format("{}{}: write {} FILE or {}FILE (no '=' after a one-letter option)",
                                                    o.name, value, o.name, o.name));
        parsed.options.emplace_back(o.name, value);
    }
    // An output file that can never be written is refused before any work is done.
    if (const std::string* o = parsed.option("-o"); o && *o != "-" && !resolve_output_target(*o)) return kExitUsage;
    return b->spec->run(parsed);
}
