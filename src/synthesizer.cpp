#include "infra/synthesizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "infra/app.hpp"
#include "infra/asset.hpp"
#include "infra/aspect.hpp"
#include "infra/dependency_graph.hpp"
#include "infra/error.hpp"
#include "infra/expression_renderer.hpp"
#include "infra/json_writer.hpp"
#include "infra/logical_id.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource_base.hpp"
#include "infra/stack.hpp"

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
        if (auto* e = dynamic_cast<const TerraformElement*>(&c)) out.push_back(e);
    });
    return out;
}

Value::Map& child_map(Value::Map& parent, const std::string& key) {
    auto it = parent.find(key);
    if (it == parent.end()) it = parent.emplace(key, Value(Value::Map{})).first;
    return it->second.as_map();
}

Value::Map terraform_block(const Stack& stack, const std::vector<const TerraformElement*>& elements) {
    Value::Map terraform;
    if (!stack.required_version().empty()) terraform.emplace("required_version", stack.required_version());
    Value::Map required;
    for (const TerraformElement* e : elements) {
        if (e->element_kind() != ElementKind::Provider) continue;
        const ProviderConfig& p = static_cast<const Provider*>(e)->config();
        Value::Map entry;
        if (!p.source.empty()) entry.emplace("source", p.source);
        if (!p.version.empty()) entry.emplace("version", p.version);
        auto [it, inserted] = required.emplace(p.name, Value(entry));
        if (!inserted && to_json(it->second) != to_json(Value(entry)))
            throw Error(fmt::format("{}: provider \"{}\" is declared with a different source or version elsewhere "
                                    "in stack {}",
                                    e->path(), p.name, stack.name()));
    }
    if (!required.empty()) terraform.emplace("required_providers", std::move(required));
    if (stack.backend()) {
        auto [name, settings] = backend_block(*stack.backend());
        if (Value(settings).contains_expr())
            throw Error(fmt::format("stack {}: backend \"{}\" settings cannot contain references or expressions",
                                    stack.name(), name));
        terraform.emplace("backend", Value::map({{name, Value(std::move(settings))}}));
    }
    return terraform;
}

Value stack_document(Stack& stack, const std::vector<const TerraformElement*>& elements) {
    const RenderContext context{&stack};
    Value::Map doc;
    doc.emplace("//", Value::map({{"metadata", Value::map({{"generator", "infra"}, {"stack", stack.name()}})}}));
    doc.emplace("terraform", terraform_block(stack, elements));

    Value::Map locals;
    for (const TerraformElement* e : elements) {
        Value body = resolve(Value(e->rendered_body()), context);
        const std::string id = e->logical_id();
        switch (e->element_kind()) {
            case ElementKind::Resource:
            case ElementKind::DataSource: {
                const auto* r = static_cast<const ResourceBase*>(e);
                const char* section = e->element_kind() == ElementKind::Resource ? "resource" : "data";
                child_map(child_map(doc, section), r->terraform_type()).emplace(id, std::move(body));
                break;
            }
            case ElementKind::Provider: {
                const auto* p = static_cast<const Provider*>(e);
                auto& providers = child_map(doc, "provider");
                auto it = providers.find(p->config().name);
                if (it == providers.end()) it = providers.emplace(p->config().name, Value(Value::List{})).first;
                it->second.as_list().push_back(std::move(body));
                break;
            }
            case ElementKind::Variable:
                child_map(doc, "variable").emplace(id, std::move(body));
                break;
            case ElementKind::Output:
                child_map(doc, "output").emplace(id, std::move(body));
                break;
            case ElementKind::Local: {
                auto& m = body.as_map();
                auto it = m.find("value");
                locals.emplace(id, it == m.end() ? Value() : std::move(it->second));
                break;
            }
        }
    }
    if (!locals.empty()) doc.emplace("locals", std::move(locals));

    // Providers are lists in element order; sort them so adding a provider
    // construct elsewhere in the tree does not reorder the output.
    if (auto it = doc.find("provider"); it != doc.end()) {
        for (auto& [name, list] : it->second.as_map()) {
            auto& items = list.as_list();
            std::stable_sort(items.begin(), items.end(), [](const Value& a, const Value& b) {
                const auto alias = [](const Value& v) {
                    auto f = v.as_map().find("alias");
                    return f == v.as_map().end() ? std::string() : f->second.as_string();
                };
                return alias(a) < alias(b);
            });
        }
    }

    if (!stack.moved_blocks().empty()) {
        Value::List moved;
        for (const auto& m : stack.moved_blocks())
            moved.push_back(Value::map({{"from", m.from}, {"to", m.to->address()}}));
        doc.emplace("moved", std::move(moved));
    }
    if (!stack.import_blocks().empty()) {
        Value::List imports;
        for (const auto& i : stack.import_blocks())
            imports.push_back(Value::map({{"to", i.to->address()}, {"id", resolve(i.id, context)}}));
        doc.emplace("import", std::move(imports));
    }
    return Value(std::move(doc));
}

std::vector<ArtifactFile> asset_files(Stack& stack) {
    std::vector<ArtifactFile> files;
    walk(stack, [&](Construct& c) {
        if (const auto* asset = dynamic_cast<const Asset*>(&c)) {
            for (const auto& f : files)
                if (f.path == asset->path_in_stack() && f.bytes != asset->zip_bytes())
                    throw Error(fmt::format("stack {}: two different assets map to {}; rename one of them ({})",
                                            stack.name(), f.path, asset->path()));
            files.push_back({asset->path_in_stack(), asset->zip_bytes()});
        }
    });
    std::sort(files.begin(), files.end(), [](const ArtifactFile& a, const ArtifactFile& b) { return a.path < b.path; });
    files.erase(std::unique(files.begin(), files.end(), [](const ArtifactFile& a, const ArtifactFile& b) { return a.path == b.path; }),
                files.end());
    return files;
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
    std::set<const Stack*> done, visiting;
    std::function<void(Stack*)> visit = [&](Stack* s) {
        if (done.count(s)) return;
        if (!visiting.insert(s).second) throw Error(fmt::format("stack {} depends on itself through other stacks", s->name()));
        for (const Stack* d : s->stack_dependencies()) visit(const_cast<Stack*>(d));
        visiting.erase(s);
        done.insert(s);
        ordered.push_back(s);
    };
    for (Stack* s : roots) visit(s);
    return ordered;
}

}  // namespace

SynthesisResult synthesize(App& app, const std::vector<std::string>& stack_names) {
    const std::vector<Stack*> stacks = select_stacks(app, stack_names);
    apply_aspects(app);

    SynthesisResult result;
    std::vector<Diagnostic> errors;
    for (Stack* stack : stacks) {
        walk(*stack, [&](Construct& c) {
            for (const Annotation& a : c.annotation_list()) {
                Diagnostic d{a.severity, c.path(), a.message};
                (a.severity == Severity::Error ? errors : result.diagnostics).push_back(std::move(d));
            }
        });
    }
    if (!errors.empty()) throw SynthesisError(std::move(errors));

    for (Stack* stack : stacks) {
        const auto elements = elements_of(*stack);
        check_logical_ids(*stack, elements);
        check_for_cycles(elements);
        StackArtifact artifact;
        artifact.name = stack->name();
        artifact.json = to_json(stack_document(*stack, elements));
        for (const Stack* d : stack->stack_dependencies()) artifact.dependencies.push_back(d->name());
        artifact.files = asset_files(*stack);
        result.stacks.push_back(std::move(artifact));
    }
    return result;
}

std::string synthesize_stack(Stack& stack) {
    apply_aspects(stack);
    const auto elements = elements_of(stack);
    check_logical_ids(stack, elements);
    check_for_cycles(elements);
    return to_json(stack_document(stack, elements));
}

}  // namespace infra
