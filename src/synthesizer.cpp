// The pipeline's order and its own two stages (stack selection,
// annotations and instance references); each other stage lives in the file
// synthesizer.hpp names.
#include "infra/synthesizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "infra/app.hpp"
#include "infra/aspect.hpp"
#include "infra/body_view.hpp"
#include "cross_stack_references.hpp"
#include "dependency_graph.hpp"
#include "infra/error.hpp"
#include "infra/expression.hpp"
#include "infra/resource_base.hpp"
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

bool has_instances(const TerraformElement& e) {
    if (e.element_kind() != ElementKind::Resource && e.element_kind() != ElementKind::DataSource) return false;
    const auto& resource = static_cast<const ResourceBase&>(e);
    return resource.has_count() || resource.has_for_each();
}

// The error for a reference to attribute `node.text` of `node.target`, an
// element with count or for_each, that names no instance of it.
std::string unnamed_instance_message(const ExprNode& node) {
    const auto& target = static_cast<const ResourceBase&>(*node.target);
    const std::string getter = node.text.substr(0, node.text.find_first_of(".["));
    const std::string& id = target.construct_id();
    return fmt::format("reference to {}.{}: the {} has {}, so name one instance ({}.at({}).{}()) or all of them "
                       "({}.splat().{}())",
                       target.address(), node.text, element_kind_name(target.element_kind()),
                       target.has_count() ? "count" : "for_each", id, target.has_count() ? "index" : "key", getter, id,
                       getter);
}

// Every reference in `value` to an attribute of an element with count or
// for_each that names no instance: one error per distinct message.
void find_unnamed_instances(const Value& value, std::vector<std::string>& messages) {
    auto check = [&messages](const ExprNode& node) {
        // The whole collection (no attribute) is a value Terraform knows:
        // keys(aws_x.name).
        if (node.instances != ExprNode::Instances::Unnamed || node.text.empty() || !has_instances(*node.target)) return;
        std::string message = unnamed_instance_message(node);
        if (std::find(messages.begin(), messages.end(), message) == messages.end()) messages.push_back(std::move(message));
    };
    visit_reference_nodes(value, check);
}

// Terraform knows an element with count or for_each only by instance
// (ResourceBase::at, splat): a reference to one of its attributes that
// names none is accepted by every check up to `terraform validate`, which
// fails with "Missing resource instance key". Found here, it names the
// element that holds it and the fix.
void check_instance_references(const std::vector<std::vector<const TerraformElement*>>& elements,
                               std::vector<Diagnostic>& errors) {
    // Most stacks have no such element: then no body needs reading.
    const bool any = std::any_of(elements.begin(), elements.end(), [](const auto& stack_elements) {
        return std::any_of(stack_elements.begin(), stack_elements.end(), [](const TerraformElement* e) {
            return has_instances(*e);
        });
    });
    if (!any) return;
    BodyView view;
    std::vector<std::string> messages;
    for (const auto& stack_elements : elements) {
        for (const TerraformElement* e : stack_elements) {
            e->view_rendered_body(view);
            messages.clear();
            for (const auto& entry : view.entries()) find_unnamed_instances(*entry.value, messages);
            for (auto& message : messages) errors.push_back({Severity::Error, e->path(), std::move(message)});
        }
    }
}

// Stage 4: every annotation of the selected stacks, and every reference
// that names no instance of an element with count or for_each; errors
// throw together.
void collect_annotations(const std::vector<Stack*>& stacks,
                         const std::vector<std::vector<const TerraformElement*>>& elements, SynthesisResult& result) {
    std::vector<Diagnostic> errors;
    for (Stack* stack : stacks) {
        walk(*stack, [&](Construct& c) {
            for (const Annotation& a : c.annotation_list()) {
                Diagnostic d{a.severity, c.path(), a.message, a.blocks_deploy};
                (a.severity == Severity::Error ? errors : result.diagnostics).push_back(std::move(d));
            }
        });
    }
    check_instance_references(elements, errors);
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
    std::vector<std::vector<const TerraformElement*>> elements;
    elements.reserve(stacks.size());
    for (Stack* stack : stacks) elements.push_back(elements_of(*stack));
    collect_annotations(stacks, elements, result);
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        check_logical_ids(*stacks[i], elements[i]);
        check_for_cycles(elements[i]);
    }
    if (request.schemas != nullptr) check_schemas(stacks, *request.schemas, result);
    if (request.rules != nullptr) check_rules(stacks, request, result);

    for (std::size_t i = 0; i < stacks.size(); ++i) {
        StackArtifact artifact;
        artifact.name = stacks[i]->name();
        if (request.stream_json)
            artifact.json_producer = stack_json_producer(*stacks[i], elements[i]);
        else
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
