// `infra completion bash`: a bash completion script for the subcommands,
// their options and the catalog's stack names, generated from the command
// line definition itself so it cannot fall behind.
//   source <(infra completion bash)
#include <fmt/format.h>

#include <filesystem>

#include "command.hpp"
#include "infra/cli.hpp"
#include "infra/error.hpp"

namespace infra::cli {

namespace {

std::string words_of(const CLI::App& command, const StackCatalog& catalog, bool with_stacks) {
    std::string words;
    const auto add = [&](const std::string& w) {
        if (w.empty()) return;
        words += words.empty() ? "" : " ";
        words += w;
    };
    if (with_stacks)
        for (const auto& d : catalog.definitions()) add(d.name);
    for (const CLI::Option* option : command.get_options()) {
        for (const auto& name : option->get_lnames()) add("--" + name);
        for (const auto& name : option->get_snames()) add("-" + name);
    }
    return words;
}

std::string bash_script(const CLI::App& cli, const StackCatalog& catalog, const std::string& program) {
    std::string function = "_" + program;
    for (char& c : function)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    std::string top = words_of(cli, catalog, false);
    std::string cases;
    for (const CLI::App* sub : cli.get_subcommands({})) {
        top += " " + sub->get_name();
        // Commands that take stack names complete them.
        const bool takes_stacks = sub->get_name() != "get" && sub->get_name() != "init" &&
                                  sub->get_name() != "version" && sub->get_name() != "list" &&
                                  sub->get_name() != "completion";
        std::string words = words_of(*sub, catalog, takes_stacks);
        if (sub->get_name() == "completion") words = "bash " + words;
        cases += fmt::format("        {}) words=\"{}\" ;;\n", sub->get_name(), words);
    }
    return fmt::format(R"(# bash completion for {0}; load it with: source <({0} completion bash)
{1}() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} command="" words="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${{COMP_WORDS[i]}} in
            -*) ;;
            *) command=${{COMP_WORDS[i]}}; break ;;
        esac
    done
    case $command in
        "") words="{2}" ;;
{3}    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -F {1} {0}
)",
                       program, function, top, cases);
}

}  // namespace

void add_completion_command(CLI::App& cli, Context& context) {
    auto shell = std::make_shared<std::string>();
    auto* cmd = cli.add_subcommand("completion", "Print a shell completion script: source <(infra completion bash)");
    cmd->footer("Examples:\n  infra completion bash > ~/.local/share/bash-completion/completions/infra\n"
                "  source <(infra completion bash)");
    cmd->add_option("shell", *shell, "The shell (bash)")->required()->check(CLI::IsMember({"bash"}));
    cmd->callback([&cli, &context, shell] {
        context.action = [&cli, &context] {
            fmt::print("{}", bash_script(cli, *context.catalog, cli.get_name()));
            return kExitOk;
        };
    });
}

}  // namespace infra::cli
