#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "command.hpp"
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

constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  success\n"
    "  1  synthesis or validation error (duplicate id, reference cycle, error annotation, ...)\n"
    "  2  usage error (bad arguments, unknown stack, unknown, mistyped or out-of-range setting,\n"
    "     unreadable config, a module's props rejected, an output folder that cannot be one,\n"
    "     terraform missing, older than 1.6 or crashing on `version`)\n"
    "  3  `infra diff`: the configuration changed\n"
    "  other: plan, deploy, destroy and output pass on terraform's exit code (128+N: killed by signal N)";

}  // namespace

int run_cli(int argc, char** argv, const StackCatalog& catalog) {
    CLI::App cli{"infra: typed C++ infrastructure constructs, synthesized to Terraform JSON"};
    cli.name("infra");
    cli.failure_message(one_line_failure);
    cli.require_subcommand(1, 1);
    cli.footer(kExitCodeHelp);
    int verbosity = 0;
    bool quiet = false;
    cli.add_flag("-v,--verbose", verbosity, "More output (debug messages)");
    cli.add_flag("-q,--quiet", quiet, "Only errors");

    cli::Context context;
    context.catalog = &catalog;
    cli::add_synth_command(cli, context);
    cli::add_list_command(cli, context);
    cli::add_version_command(cli, context);
    cli::add_plan_command(cli, context);
    cli::add_deploy_command(cli, context);
    cli::add_destroy_command(cli, context);
    cli::add_output_command(cli, context);
    cli::add_diff_command(cli, context);
    cli::add_validate_command(cli, context);
    cli::add_get_command(cli, context);
    cli::add_init_command(cli, context);
    cli::add_graph_command(cli, context);
    cli::add_completion_command(cli, context);
    for (auto* sub : cli.get_subcommands({})) sub->footer(sub->get_footer() + (sub->get_footer().empty() ? "" : "\n\n") + kExitCodeHelp);

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

}  // namespace infra
