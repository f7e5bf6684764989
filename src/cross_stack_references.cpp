#include "cross_stack_references.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <utility>
#include <vector>

#include "infra/app.hpp"
#include "infra/body_view.hpp"
#include "infra/data_source.hpp"
#include "infra/error.hpp"
#include "infra/expression.hpp"
#include "infra/output.hpp"
#include "infra/resource_base.hpp"
#include "infra/stack.hpp"
#include "infra/terraform_element.hpp"
#include "infra/variable.hpp"

namespace infra {

namespace {

// Letters, digits, '_' and '-' stay; anything else ('.', '[', ']', '"')
// becomes '_', so the name is a valid Terraform output name.
void append_name_part(std::string_view text, std::string& out) {
    for (char c : text) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                          c == '-';
        out += keep ? c : '_';
    }
}

// The `config` of a terraform_remote_state that reads the state `source`
// keeps, as seen from the folder of `reader`. Both stack folders are
// siblings under <out>/stacks, so a relative local path stays valid
// wherever the output folder is.
std::pair<std::string, Value::Map> remote_state_config(const Stack& source) {
    if (!source.backend()) return {"local", Value::map({{"path", fmt::format("../{}/terraform.tfstate", source.name())}}).as_map()};
    auto [name, settings] = backend_block(*source.backend());
    if (name == "local") {
        const std::filesystem::path path = settings.at("path").as_string();
        if (path.is_relative()) settings["path"] = fmt::format("../{}/{}", source.name(), path.generic_string());
        return {name, std::move(settings)};
    }
    if (name == "s3") {
        // Only what locates the state and reaches it (an emulator's endpoints
        // and credentials: S3Backend::extra_settings); locking and encryption
        // settings are for writers.
        Value::Map read;
        for (const char* key : {"bucket", "key", "region", "profile", "workspace_key_prefix"})
            if (auto it = settings.find(key); it != settings.end()) read.emplace(key, it->second);
        if (const auto* s3 = std::get_if<S3Backend>(&*source.backend()))
            for (const auto& [key, value] : s3->extra_settings) read.insert_or_assign(key, value);
        return {name, std::move(read)};
    }
    return {name, std::move(settings)};
}

// A reference that crosses stacks: the referring element's stack, the
// target, the attribute path and which instances of the target it names.
struct CrossReference {
    Stack* reader;
    const TerraformElement* target;
    std::string attribute;
    ExprNode::Instances instances;
};

// Every Reference node in `value` whose target lies outside `reader`.
void collect(const Value& value, Stack& reader, std::vector<CrossReference>& out) {
    switch (value.kind()) {
        case Value::Kind::List:
            for (const auto& item : value.as_list()) collect(item, reader, out);
            break;
        case Value::Kind::Map:
            for (const auto& entry : value.as_map()) collect(entry.second, reader, out);
            break;
        case Value::Kind::Expr: {
            const ExprNode& node = value.as_expr().node();
            if (node.kind == ExprNode::Kind::Reference && node.target->stack_or_null() != &reader)
                out.push_back({&reader, node.target, node.text, node.instances});
            for (const auto& operand : node.operands) collect(operand, reader, out);
            break;
        }
        default:
            break;
    }
}

bool is_sensitive(const TerraformElement& target) {
    if (target.element_kind() == ElementKind::Variable) return static_cast<const Variable&>(target).config().sensitive;
    return false;
}

bool has_instances(const TerraformElement& target) {
    if (target.element_kind() != ElementKind::Resource && target.element_kind() != ElementKind::DataSource) return false;
    const auto& resource = static_cast<const ResourceBase&>(target);
    return resource.has_count() || resource.has_for_each();
}

// What the output of `ref` carries. An instance reference reads one
// instance, or all, of the attribute of every instance: a list for count
// (aws_x.name[*].arn, which the reader indexes), a map by key for for_each
// (zipmap(keys(aws_x.name), values(aws_x.name)[*].arn)), so a key Terraform
// evaluates in the reading stack (each.key) still finds its instance.
Value output_value(const CrossReference& ref) {
    using Instances = ExprNode::Instances;
    switch (ref.instances) {
        case Instances::Unnamed:
            return expr::ref(*ref.target, ref.attribute);
        case Instances::CountIndex:
        case Instances::CountAll:
            return expr::instance_ref(*ref.target, Instances::CountAll, ref.attribute);
        case Instances::ForEachKey:
        case Instances::ForEachAll:
            return expr::call("zipmap", {expr::call("keys", {expr::ref(*ref.target, "")}),
                                         expr::instance_ref(*ref.target, Instances::ForEachAll, ref.attribute)});
    }
    return Value();
}

}  // namespace

std::string cross_stack_output_name(const TerraformElement& target, std::string_view attribute) {
    std::string name = "cross_stack_";
    append_name_part(target.reference_prefix(), name);
    if (!attribute.empty()) {
        name += '_';
        append_name_part(attribute, name);
    }
    return name;
}

std::string remote_state_id(const Stack& source) { return source.name(); }

void link_cross_stack_references(App& app) {
    // A reference to another stack needs two stacks; one alone is not walked.
    if (app.stacks().size() < 2) return;
    std::vector<CrossReference> references;
    BodyView view;
    for (Stack* stack : app.stacks()) {
        walk(*stack, [&](Construct& c) {
            const TerraformElement* element = c.as_element();
            if (element == nullptr) return;
            element->view_rendered_body(view);
            for (const auto& entry : view.entries()) collect(*entry.value, *stack, references);
        });
    }
    // What each output carries, to tell two attributes apart that would
    // share a name ("a_b" + "c" and "a" + "b_c").
    std::map<std::pair<const Stack*, std::string>, std::pair<const TerraformElement*, std::string>> carried;
    for (const CrossReference& ref : references) {
        Stack* source = ref.target->stack_or_null();
        if (source == nullptr || ref.target->reference_prefix().empty())
            throw Error(fmt::format("{}: referenced from stack {} but it is not an element of a stack that can be "
                                    "referenced",
                                    ref.target->path(), ref.reader->name()));
        for (const Stack* d : source->stack_dependencies())
            if (d == ref.reader)
                throw Error(fmt::format("{}: referenced from stack {}, but stack {} already reads stack {}; two stacks "
                                        "cannot read each other's outputs",
                                        ref.target->path(), ref.reader->name(), source->name(), ref.reader->name()));

        ref.reader->add_stack_dependency(*source);
        // An attribute of a target with count or for_each, without an
        // instance, is a synthesis error at the reader (annotations stage);
        // an output for it would be reported a second time, in the source.
        if (ref.instances == ExprNode::Instances::Unnamed && !ref.attribute.empty() && has_instances(*ref.target))
            continue;

        const std::string output_name = cross_stack_output_name(*ref.target, ref.attribute);
        auto [it, inserted] = carried.emplace(std::make_pair(source, output_name), std::make_pair(ref.target, ref.attribute));
        if (!inserted && (it->second.first != ref.target || it->second.second != ref.attribute))
            throw Error(fmt::format("{}: attribute \"{}\" and {} attribute \"{}\" would share the cross-stack output "
                                    "{}; override the logical ID of one of them",
                                    ref.target->path(), ref.attribute, it->second.first->path(), it->second.second,
                                    output_name));
        if (source->find_child(output_name) == nullptr) {
            source->add<Output>(output_name,
                                OutputConfig{.value = output_value(ref),
                                             .description = fmt::format("{} for other stacks", ref.target->path()),
                                             .sensitive = is_sensitive(*ref.target)});
        }

        if (ref.reader->remote_state_of(*source) == nullptr) {
            const std::string id = "remote_state_" + remote_state_id(*source);
            if (ref.reader->find_child(id) != nullptr)
                throw Error(fmt::format("{}/{}: the id is taken, but stack {} needs it to read stack {}",
                                        ref.reader->name(), id, ref.reader->name(), source->name()));
            auto& remote = ref.reader->add<DataSource>(id, "terraform_remote_state");
            remote.override_logical_id(remote_state_id(*source));
            auto [backend, config] = remote_state_config(*source);
            remote.set("backend", backend);
            remote.set("config", Value(std::move(config)));
            ref.reader->set_remote_state(*source, remote);
        }
    }
}

}  // namespace infra
