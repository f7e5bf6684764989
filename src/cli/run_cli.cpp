#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "command.hpp"
#include "infra/cache_folder.hpp"
#include "infra/cli.hpp"
#include "infra/error.hpp"
#include "infra/packed_zip_cache.hpp"
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

constexpr const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  success\n"
    "  1  synthesis or validation error (duplicate id, reference cycle, error annotation, ...)\n"
    "  2  usage error (bad arguments, unknown stack, unknown or mistyped setting, unreadable config,\n"
    "     terraform missing or older than 1.6)\n"
    "  3  `infra diff`: the configuration changed\n"
    "  other: plan, deploy, destroy and output pass on terraform's exit code";

}  // namespace

int run_cli(int argc, char** argv, const StackCatalog& catalog) {
    CLI::App cli{"infra: typed C++ infrastructure constructs, synthesized to Terraform JSON"};
    cli.name("infra");
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
