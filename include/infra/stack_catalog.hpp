// The stacks a program knows by name: what `infra list` prints and what
// `infra synth NAME` builds. Each definition adds its stack (and whatever it
// needs) to the App from the settings overrides of the run.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "infra/rules/rule_engine.hpp"
#include "infra/schema_registry.hpp"
#include "infra/settings.hpp"

namespace infra {

class App;
class Stack;

// A folder a stack reads while it is built, made beforehand by a program
// (e.g. Python packages that pip installs for a function zip). Building a
// stack starts no process: the CLI runs `command` before it builds the
// stacks, and only when `folder` is missing, so a folder made once is reused
// by every later run.
struct PreparedFolder {
    std::filesystem::path folder;
    // The program and its arguments. kStagingFolder, wherever it appears in
    // an argument, is replaced by an empty folder beside `folder`; once the
    // command succeeds, that folder is renamed to `folder`, so `folder` is
    // never half made.
    std::vector<std::string> command;
    // What the command does, for progress and errors
    // ("lambda_dependencies=pip: pip install -r requirements.txt").
    std::string description;
    // What the user can do instead, appended to the error when it fails.
    std::string remedy;
};

inline constexpr std::string_view kStagingFolder = "{staging}";

struct StackDefinition {
    std::string name{};
    std::string description{};
    std::function<Stack&(App&, const SettingsSource&)> build{};
    // Calls `use` with a schema bound to a settings object holding the
    // stack's defaults, for `infra list --settings`.
    std::function<void(const std::function<void(SettingsSchema&)>& use)> with_settings{};
    // Applies the overrides to the stack's settings and checks them as
    // `build` does, without building anything, and checks what no single
    // stack sees (two stacks given one name); throws infra::UsageError.
    // `infra list` and every command that builds stacks run it first, so
    // list refuses what synth refuses. Optional.
    std::function<void(const SettingsSource&)> check_settings{};
    // The folders `build` reads that a program must make first, for the
    // given overrides (none when it returns an empty list); throws
    // infra::UsageError for bad settings, as `build` does. Optional.
    std::function<std::vector<PreparedFolder>(const SettingsSource&)> prepare{};
};

class StackCatalog {
public:
    void add(StackDefinition definition);
    const std::vector<StackDefinition>& definitions() const { return definitions_; }
    const StackDefinition* find(std::string_view name) const;
    // The definition of `name`; throws infra::UsageError naming the known
    // stacks (and the nearest one, for a typo) when there is none.
    const StackDefinition& require(std::string_view name) const;

    // Builds the named stack into `app` unless it is there already, and
    // returns it. Throws infra::UsageError for an unknown name.
    Stack& build(App& app, std::string_view name, const SettingsSource& settings) const;

    // The folders the named stacks need prepared before they are built, each
    // folder once (stacks often share one), in the order of `names`. Throws
    // infra::UsageError for an unknown name or bad settings.
    std::vector<PreparedFolder> folders_to_prepare(const std::vector<std::string>& names,
                                                   const SettingsSource& settings) const;

    // Whether every run builds every stack, also when it writes only some.
    // On by default: a stack's output depends on the stacks that reference
    // it (the outputs of cross-stack references), and must be the same
    // bytes whichever stacks a run names. Turn it off only for catalogs of
    // unrelated stacks where building one must not depend on the others.
    void set_build_every_stack(bool on) { build_every_stack_ = on; }
    bool builds_every_stack() const { return build_every_stack_; }

    // The provider schemas `infra synth` and `infra validate` check these
    // stacks against, e.g. infra::aws::register_schemas(catalog.schemas()).
    // Empty by default: nothing is validated.
    SchemaRegistry& schemas() { return schemas_; }
    const SchemaRegistry& schemas() const { return schemas_; }

    // The security and best-practice rules `infra synth` and `infra validate`
    // run over these stacks, e.g. infra::rules::add_aws_rules(catalog.rules()).
    // Empty by default: no rule runs.
    rules::RuleSet& rules() { return rules_; }
    const rules::RuleSet& rules() const { return rules_; }

private:
    std::vector<StackDefinition> definitions_;
    SchemaRegistry schemas_;
    rules::RuleSet rules_;
    bool build_every_stack_ = true;
};

}  // namespace infra
