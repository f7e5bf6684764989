// What every subcommand gets: the stack catalog, the settings overrides and
// output folder from the command line, and a slot for the action to run once
// parsing succeeded.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "infra/rules/rule_engine.hpp"
#include "infra/settings.hpp"
#include "infra/stack_catalog.hpp"
#include "terraform_runner.hpp"

namespace infra::cli {

struct Context {
    const StackCatalog* catalog = nullptr;
    // The program's name: what --help and errors call it, and the owner
    // recorded in the output folder's manifest.
    std::string app_name = "infra";
    // --replace-output: write into a folder another app wrote.
    bool replace_output = false;
    SettingsSource settings;
    std::string config_file;
    std::filesystem::path out_dir = "infra.out";
    TerraformOptions terraform;
    bool write_hcl = false;  // synth --hcl
    // Check resources against the catalog's provider schemas while
    // synthesizing (`synth --no-validate` turns it off).
    bool validate_schemas = true;
    // Rule packs to run (all when empty; {"none"} runs none), and whether an
    // unsuppressed error finding fails the synthesis (validate reports them
    // itself, from SynthesisResult::rule_report).
    std::vector<std::string> rule_packs;
    bool rule_errors_fail = true;
    std::function<int()> action;  // set by the chosen subcommand's callback
};

// Rejects an empty --out: it would make the working folder the output folder
// by accident.
inline CLI::Validator non_empty_path() {
    return CLI::Validator([](std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); },
                          "");
}

// --config FILE and --set KEY=VALUE, shared by every command that builds stacks.
void add_settings_options(CLI::App& command, Context& context);
// --replace-output, shared by the commands that write the output folder.
void add_replace_output_option(CLI::App& command, Context& context);
// --rules PACKS, shared by synth and validate.
void add_rules_option(CLI::App& command, Context& context);
// Turns the parsed strings into context.settings.
void finish_settings(Context& context);
// --out, --terraform PATH and --plugin-dir DIR, shared by the commands that run terraform.
void add_terraform_options(CLI::App& command, Context& context);

void add_synth_command(CLI::App& cli, Context& context);
void add_list_command(CLI::App& cli, Context& context);
void add_version_command(CLI::App& cli, Context& context);
void add_plan_command(CLI::App& cli, Context& context);
void add_deploy_command(CLI::App& cli, Context& context);
void add_destroy_command(CLI::App& cli, Context& context);
void add_output_command(CLI::App& cli, Context& context);
void add_diff_command(CLI::App& cli, Context& context);
void add_validate_command(CLI::App& cli, Context& context);
void add_get_command(CLI::App& cli, Context& context);
void add_init_command(CLI::App& cli, Context& context);
void add_completion_command(CLI::App& cli, Context& context);
void add_graph_command(CLI::App& cli, Context& context);

}  // namespace infra::cli
