#include "infra/resource.hpp"

#include "expression_renderer.hpp"
#include "infra/stack.hpp"

namespace infra {

Resource::Resource(Scope scope, std::string type)
    : ResourceBase(std::move(scope), ElementKind::Resource, std::move(type)) {}

std::string Resource::id_namespace() const { return "resource." + terraform_type(); }

std::string Resource::reference_prefix() const {
    std::string out;
    append_reference_prefix(out);
    return out;
}

void Resource::append_reference_prefix(std::string& out) const {
    out += terraform_type();
    out += '.';
    out += logical_id();
}

void Resource::add_meta_arguments(Value::Map& body) const {
    if (!lifecycle_) return;
    Value::Map lc;
    if (lifecycle_->create_before_destroy) lc.emplace("create_before_destroy", true);
    if (lifecycle_->prevent_destroy) lc.emplace("prevent_destroy", true);
    if (lifecycle_->ignore_all_changes) {
        lc.emplace("ignore_changes", "all");
    } else if (!lifecycle_->ignore_changes.empty()) {
        Value::List names;
        for (const auto& n : lifecycle_->ignore_changes) names.emplace_back(n);
        lc.emplace("ignore_changes", std::move(names));
    }
    if (!lifecycle_->replace_triggered_by.empty()) {
        // Terraform reads these as bare references (like depends_on), not
        // as "${...}" templates.
        Value::List triggers;
        const RenderContext context{&stack()};
        for (const auto& e : lifecycle_->replace_triggered_by) triggers.emplace_back(render_hcl(e, context));
        lc.emplace("replace_triggered_by", std::move(triggers));
    }
    if (!lc.empty()) body.insert_or_assign("lifecycle", std::move(lc));
}

}  // namespace infra
