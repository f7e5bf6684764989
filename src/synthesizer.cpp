// The pipeline's order and its own two stages (stack selection,
// annotations); each other stage lives in the file synthesizer.hpp names.
#include "infra/synthesizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "infra/app.hpp"
#include "infra/aspect.hpp"
#include "cross_stack_references.hpp"
#include "dependency_graph.hpp"
#include "infra/error.hpp"
#include "logical_id.hpp"
#include "schema_validator.hpp"
#include "infra/stack.hpp"
#include "stack_rendering.hpp"

namespace infra {

std::string format_diagnostic(const Diagnostic& d) {
    return fmt::format("{}: {}: {}", severity_name(d.severity), d.path, d.message);
}

SynthesisError::SynthesisError(std::vector<Diagnostic> errors)
    : Error(errors.empty() ? std::string("synthesis failed") : format_diagnostic(errors.front())),
      errors_(std::move(errors)) {}

namespace {

std::vector<const TerraformElement*> elements_of(Stack& stack) {
    std::vector<const TerraformElement*> out;
    walk(stack, [&](Construct& c) {
        if (const TerraformElement* e = c.as_element()) out.push_back(e);
    });
    return out;
}

// The requested stacks plus every stack they depend on, dependencies first.
std::vector<Stack*> select_stacks(App& app, const std::vector<std::string>& names) {
    std::vector<Stack*> roots;
    if (names.empty()) {
        roots = app.stacks();
    } else {
        for (const auto& n : names) {
            Stack* s = app.find_stack(n);
            if (s == nullptr) {
                std::string known;
                for (Stack* k : app.stacks()) known += (known.empty() ? "" : ", ") + k->name();
                throw UsageError(fmt::format("unknown stack \"{}\" (known stacks: {})", n, known));
            }
            roots.push_back(s);
        }
    }
    std::vector<Stack*> ordered;
    std::set<const Stack*> done;
    std::vector<const Stack*> visiting;  // the path from a root, to name a cycle
    std::function<void(Stack*)> visit = [&](Stack* s) {
        if (done.count(s)) return;
        if (auto start = std::find(visiting.begin(), visiting.end(), s); start != visiting.end()) {
            std::string cycle;
            for (auto it = start; it != visiting.end(); ++it) cycle += (*it)->name() + " -> ";
            throw Error(fmt::format("stack dependency cycle: {}{}; no stack can be deployed first, so one of them must "
                                    "stop reading the next",
                                    cycle, s->name()));
        }
        visiting.push_back(s);
        for (const Stack* d : s->stack_dependencies()) visit(const_cast<Stack*>(d));
        visiting.pop_back();
        done.insert(s);
        ordered.push_back(s);
    };
    for (Stack* s : roots) visit(s);
    return ordered;
}

// Stage 4: every annotation of the selected stacks; errors throw together.
void collect_annotations(const std::vector<Stack*>& stacks, SynthesisResult& result) {
    std::vector<Diagnostic> errors;
    for (Stack* stack : stacks) {
        walk(*stack, [&](Construct& c) {
            for (const Annotation& a : c.annotation_list()) {
                Diagnostic d{a.severity, c.path(), a.message, a.blocks_deploy};
                (a.severity == Severity::Error ? errors : result.diagnostics).push_back(std::move(d));
            }
        });
    }
    if (!errors.empty()) throw SynthesisError(std::move(errors));
}

// Stage 6: schema errors of every stack are thrown together.
void check_schemas(const std::vector<Stack*>& stacks, const SchemaRegistry& schemas, SynthesisResult& result) {
    std::vector<Diagnostic> errors;
    std::set<std::string> unvalidated_types;
    for (Stack* stack : stacks) {
        SchemaValidationReport report = validate_against_schemas(*stack, schemas);
        errors.insert(errors.end(), report.errors.begin(), report.errors.end());
        result.diagnostics.insert(result.diagnostics.end(), report.warnings.begin(), report.warnings.end());
        unvalidated_types.insert(report.unvalidated_types.begin(), report.unvalidated_types.end());
    }
    if (!errors.empty()) throw SynthesisError(std::move(errors));
    result.unvalidated_types.assign(unvalidated_types.begin(), unvalidated_types.end());
}

// Stage 7: the rules' report is kept whole; what is not suppressed becomes
// diagnostics, errors thrown when the request says so.
void check_rules(const std::vector<Stack*>& stacks, const SynthesisRequest& request, SynthesisResult& result) {
    if (request.rules->rules().empty()) return;
    if (request.rule_packs.size() == 1 && request.rule_packs.front() == "none") return;
    rules::RuleReport report = rules::run_rules(stacks, *request.rules, request.rule_packs);
    std::vector<Diagnostic> errors;
    for (const auto& f : report.findings) {
        if (f.suppressed || f.severity == Severity::Info) continue;
        Diagnostic d{f.severity, f.path, fmt::format("{} ({}): {}. Fix: {}", f.rule_id, f.address, f.message, f.fix)};
        (f.severity == Severity::Error ? errors : result.diagnostics).push_back(std::move(d));
    }
    for (const auto& unused : report.unused_suppressions)
        result.diagnostics.push_back({Severity::Warning, unused, "unused suppression: no finding matches it; remove it"});
    result.rule_report = std::move(report);
    if (request.rule_errors_fail && !errors.empty()) throw SynthesisError(std::move(errors));
}

}  // namespace

SynthesisResult synthesize(App& app, const SynthesisRequest& request) {
    apply_aspects(app);
    // Before choosing stacks: linking adds the dependencies that make
    // `synth dev` also write the stacks dev reads.
    link_cross_stack_references(app);
    const std::vector<Stack*> stacks = select_stacks(app, request.stacks);

    SynthesisResult result;
    collect_annotations(stacks, result);
    std::vector<std::vector<const TerraformElement*>> elements;
    elements.reserve(stacks.size());
    for (Stack* stack : stacks) {
        elements.push_back(elements_of(*stack));
        check_logical_ids(*stack, elements.back());
        check_for_cycles(elements.back());
    }
    if (request.schemas != nullptr) check_schemas(stacks, *request.schemas, result);
    if (request.rules != nullptr) check_rules(stacks, request, result);

    for (std::size_t i = 0; i < stacks.size(); ++i) {
        StackArtifact artifact;
        artifact.name = stacks[i]->name();
        artifact.json = render_stack_json(*stacks[i], elements[i]);
        for (const Stack* d : stacks[i]->stack_dependencies()) artifact.dependencies.push_back(d->name());
        artifact.files = asset_files(*stacks[i]);
        result.stacks.push_back(std::move(artifact));
    }
    return result;
}

SynthesisResult synthesize(App& app, const std::vector<std::string>& stack_names, const SchemaRegistry* schemas) {
    SynthesisRequest request;
    request.stacks = stack_names;
    request.schemas = schemas;
    return synthesize(app, request);
}

std::string synthesize_stack(Stack& stack) {
    auto* app = dynamic_cast<App*>(stack.parent());
    if (app == nullptr) throw Error(fmt::format("stack {} is not a child of an App", stack.name()));
    SynthesisResult result = synthesize(*app, {stack.name()});
    for (auto& artifact : result.stacks)
        if (artifact.name == stack.name()) return std::move(artifact.json);
    throw Error(fmt::format("stack {} was not synthesized", stack.name()));
}

}  // namespace infra
