#include "infra/instance_reference.hpp"

#include <fmt/format.h>

#include "expression_renderer.hpp"
#include "infra/error.hpp"
#include "infra/resource_base.hpp"

namespace infra {

namespace {

using Instances = ExprNode::Instances;

// How the key reads in the call the message quotes: at(0), at("a"), at(each.key).
std::string key_text(const Value& key) {
    switch (key.kind()) {
        case Value::Kind::String: return fmt::format("\"{}\"", key.as_string());
        case Value::Kind::Number: {
            const Number& n = key.as_number();
            return n.is_integer ? std::to_string(n.integer) : fmt::format("{}", n.real);
        }
        case Value::Kind::Expr: return render_hcl(key.as_expr(), RenderContext{});
        default: return kind_name(key.kind());
    }
}

[[noreturn]] void neither(const ResourceBase& target, const std::string& call) {
    throw Error(fmt::format("{}: {}: the {} has neither count nor for_each, so it has one instance: refer to its "
                            "attributes directly",
                            target.path(), call, element_kind_name(target.element_kind())));
}

[[noreturn]] void by_key(const ResourceBase& target, const std::string& call) {
    throw Error(fmt::format("{}: {}: the {} has for_each, whose instances are named by key: at(\"<key>\")",
                            target.path(), call, element_kind_name(target.element_kind())));
}

[[noreturn]] void by_index(const ResourceBase& target, const std::string& call) {
    throw Error(fmt::format("{}: {}: the {} has count, whose instances are numbered from 0: at(<index>)",
                            target.path(), call, element_kind_name(target.element_kind())));
}

}  // namespace

InstanceReference::InstanceReference(const ResourceBase& target, const Value& key) : target_(&target), key_(key) {
    const auto call = [&] { return fmt::format("at({})", key_text(key)); };
    if (!target.has_count() && !target.has_for_each()) neither(target, call());
    instances_ = target.has_count() ? Instances::CountIndex : Instances::ForEachKey;
    switch (key.kind()) {
        case Value::Kind::Expr:  // Terraform checks what it evaluates to
            return;
        case Value::Kind::String:
            if (target.has_count()) by_index(target, call());
            return;
        case Value::Kind::Number: {
            if (target.has_for_each()) by_key(target, call());
            const Number& n = key.as_number();
            if (!n.is_integer || n.integer < 0)
                throw Error(fmt::format("{}: {}: an index is a whole number, 0 or more", target.path(), call()));
            return;
        }
        default:
            throw Error(fmt::format("{}: {}: a key is a string, an index a whole number, or either is an expression",
                                    target.path(), call()));
    }
}

InstanceReference::InstanceReference(const ResourceBase& target) : target_(&target) {
    if (!target.has_count() && !target.has_for_each()) neither(target, "splat()");
    instances_ = target.has_count() ? Instances::CountAll : Instances::ForEachAll;
}

Expr InstanceReference::attr(std::string name) const {
    return expr::instance_ref(*target_, instances_, std::move(name), key_);
}

}  // namespace infra
