#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "command.hpp"
#include "command_line.hpp"
#include "infra/cache_folder.hpp"
#include "infra/cli.hpp"
#include "did_you_mean.hpp"
#include "infra/error.hpp"
#include "packed_zip_cache.hpp"
#include "infra/synthesizer.hpp"

namespace infra {

namespace {

void setup_logging(int verbosity, bool quiet) {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
        std::getenv("NO_COLOR") != nullptr ? spdlog::color_mode::never : spdlog::color_mode::automatic);
    auto logger = std::make_shared<spdlog::logger>("infra", sink);
    logger->set_pattern("%^%l%$: %v");
    logger->set_level(quiet ? spdlog::level::err : verbosity > 0 ? spdlog::level::debug : spdlog::level::info);
    spdlog::set_default_logger(logger);
}

// CLI11 reports a bad command line in two lines ("...\nRun with --help for
// more information."); every other error of infra is one line that starts
// with "error: ", so this one is too.
std::string one_line_failure(const CLI::App* app, const CLI::Error& e) {
    std::string what = e.what();
    std::replace(what.begin(), what.end(), '\n', ' ');
    return fmt::format("error: {}; see `{} --help`\n", what, app->get_name());
}

// The first word that is not an option: the command the user meant, if it
// is none of ours (CLI11 would only say that a subcommand is required).
std::string unknown_command(int argc, char** argv, const CLI::App& cli) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word.empty() || word.front() == '-') continue;
        for (const auto* sub : cli.get_subcommands({}))
            if (sub->get_name() == word) return {};
        return std::string(word);
    }
    return {};
}

// The commands, in the order --help lists them.
using AddCommand = void (*)(CLI::App&, cli::Context&);
constexpr std::pair<std::string_view, AddCommand> kCommands[] = {
    {"synth", cli::add_synth_command},     {"list", cli::add_list_command},       {"version", cli::add_version_command},
    {"plan", cli::add_plan_command},       {"deploy", cli::add_deploy_command},   {"destroy", cli::add_destroy_command},
    {"output", cli::add_output_command},   {"diff", cli::add_diff_command},       {"validate", cli::add_validate_command},
    {"get", cli::add_get_command},         {"init", cli::add_init_command},       {"graph", cli::add_graph_command},
    {"completion", cli::add_completion_command}};

// The command the arguments run, when it is the only one to set up: CLI11
// builds every option of every command it is given, and for all of them
// that was a third of a short command's run (`version`). Empty, so that all
// are set up, when the first word that is not an option is no command, when
// --help comes before it (the help lists them all) and for `completion`
// (its script names them all).
std::string_view only_command(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word == "-h" || word == "--help") return {};
        if (word.empty() || word.front() == '-') continue;
        for (const auto& command : kCommands)
            if (command.first == word && word != "completion") return command.first;
        return {};
    }
    return {};
}

constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  success\n"
    "  1  synthesis or validation error (duplicate id, reference cycle, error annotation, ...)\n"
    "  2  usage error (bad arguments, unknown stack, unknown, mistyped or out-of-range setting,\n"
    "     unreadable config, a module's props rejected, an output folder that cannot be one,\n"
    "     terraform missing, older than 1.6 or crashing on `version`)\n"
    "  3  `infra diff`: the configuration changed\n"
    "  other: plan, deploy, destroy and output pass on terraform's exit code (128+N: killed by signal N)";

// "crud_api" for "./build/crud_api": the name a user typed to run the app.
std::string program_name(int argc, char** argv) {
    if (argc < 1 || argv[0] == nullptr) return "infra";
    std::string_view path = argv[0];
    if (const auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
    return path.empty() ? "infra" : std::string(path);
}

}  // namespace

int run_cli(int argc, char** argv, const StackCatalog& catalog) {
    const std::string name = program_name(argc, argv);
    return cli::run_command_line(argc, argv,
                                 {.name = name,
                                  .description = fmt::format("{}: infrastructure as typed C++ constructs, synthesized "
                                                             "to Terraform JSON by infra",
                                                             name),
                                  .catalog = &catalog});
}

namespace cli {

int run_command_line(int argc, char** argv, const CommandLine& which) {
    CLI::App cli{which.description};
    cli.name(which.name);
    cli.failure_message(one_line_failure);
    cli.require_subcommand(1, 1);
    cli.footer(kExitCodeHelp);
    int verbosity = 0;
    bool quiet = false;
    cli.add_flag("-v,--verbose", verbosity, "More output (debug messages)");
    cli.add_flag("-q,--quiet", quiet, "Only errors");

    Context context;
    context.catalog = which.catalog;
    context.app_name = which.name;
    // Started by the generic `infra` command from somewhere inside a project:
    // the default output folder is the project root's, as seen from here.
    if (const char* root = std::getenv("INFRA_PROJECT_ROOT"); root != nullptr && *root != '\0') {
        std::error_code ec;
        const std::filesystem::path here = std::filesystem::current_path(ec);
        const std::filesystem::path out = std::filesystem::path(root) / "infra.out";
        const std::filesystem::path relative = ec ? out : out.lexically_relative(here);
        context.out_dir = relative.empty() ? out : relative;
    }
    const std::string_view only = only_command(argc, argv);
    for (const auto& [name, add] : kCommands)
        if (only.empty() || name == only) add(cli, context);
    for (auto* sub : cli.get_subcommands({})) sub->footer(sub->get_footer() + (sub->get_footer().empty() ? "" : "\n\n") + kExitCodeHelp);
    if (!which.footer.empty()) cli.footer(which.footer + "\n\n" + kExitCodeHelp);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() != 0) {
            if (const std::string word = unknown_command(argc, argv, cli); !word.empty()) {
                std::vector<std::string_view> names;
                std::string known;
                for (const auto* sub : cli.get_subcommands({})) {
                    names.push_back(sub->get_name());
                    known += (known.empty() ? "" : ", ") + sub->get_name();
                }
                fmt::print(stderr, "error: unknown command \"{}\"{} (commands: {})\n", word, did_you_mean(word, names),
                           known);
                return kExitUsageError;
            }
        }
        const int code = cli.exit(e);
        return code == 0 ? kExitOk : kExitUsageError;
    }
    setup_logging(verbosity, quiet);
    if (which.project_command_error) {
        for (const auto* sub : cli.get_subcommands()) {
            if (is_project_command(sub->get_name())) {
                spdlog::error("{}", which.project_command_error());
                return kExitUsageError;
            }
        }
    }
    // Packed asset zips are kept between runs: a synth of unchanged Lambda
    // code reads its zip instead of deflating it again.
    use_zip_disk_cache(user_cache_folder() / "zips");
    try {
        return context.action ? context.action() : kExitUsageError;
    } catch (const SynthesisError& e) {
        for (const auto& d : e.errors()) spdlog::error("{}: {}", d.path, d.message);
        return kExitSynthesisError;
    } catch (const UsageError& e) {
        spdlog::error("{}", e.what());
        return kExitUsageError;
    } catch (const Error& e) {
        spdlog::error("{}", e.what());
        return kExitSynthesisError;
    } catch (const std::exception& e) {
        spdlog::error("internal error: {}", e.what());
        return kExitSynthesisError;
    }
}

bool is_project_command(std::string_view command) {
    static constexpr std::string_view kProjectCommands[] = {"synth",   "list",    "diff",   "validate", "graph",
                                                            "plan",    "deploy",  "destroy", "output"};
    return std::find(std::begin(kProjectCommands), std::end(kProjectCommands), command) != std::end(kProjectCommands);
}

}  // namespace cli

}  // namespace infra
