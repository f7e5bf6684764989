#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <set>

#include "infra/expression.hpp"
#include "expression_renderer.hpp"
#include "infra/resource_base.hpp"
#include "infra/rules/rule.hpp"
#include "infra/rules/suppression.hpp"
#include "infra/stack.hpp"

namespace infra::rules {

namespace {

// Follows `path` ("a.b.c") from `value`, entering lists at every item
// (`every`) or at the first only.
void walk_path(const Value& value, std::string_view path, bool every, std::vector<const Value*>& out) {
    if (value.kind() == Value::Kind::List) {
        const auto& items = value.as_list();
        for (const auto& item : items) {
            walk_path(item, path, every, out);
            if (!every) break;
        }
        return;
    }
    if (path.empty()) {
        out.push_back(&value);
        return;
    }
    if (value.kind() != Value::Kind::Map) return;
    const std::size_t dot = path.find('.');
    const std::string_view key = path.substr(0, dot);
    const auto& map = value.as_map();
    auto it = map.find(key);
    if (it == map.end()) return;
    walk_path(it->second, dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1), every, out);
}

const Value* first_at(const Value::Map& body, std::string_view path) {
    const std::size_t dot = path.find('.');
    auto it = body.find(path.substr(0, dot));
    if (it == body.end()) return nullptr;
    if (dot == std::string_view::npos) return &it->second;
    std::vector<const Value*> found;
    walk_path(it->second, path.substr(dot + 1), false, found);
    return found.empty() ? nullptr : found.front();
}

PolicyStatement statement_from_document_block(const Value& block) {
    PolicyStatement s;
    if (block.kind() != Value::Kind::Map) return s;
    const auto& m = block.as_map();
    auto get = [&](const char* key) -> const Value* {
        auto it = m.find(key);
        return it == m.end() ? nullptr : &it->second;
    };
    if (const Value* v = get("effect")) s.effect = RuleContext::text(*v);
    if (const Value* v = get("actions")) s.actions = RuleContext::strings(*v);
    if (const Value* v = get("not_actions")) s.not_actions = RuleContext::strings(*v);
    if (const Value* v = get("resources")) s.resources = RuleContext::strings(*v);
    if (const Value* v = get("principals"); v != nullptr && v->kind() == Value::Kind::List)
        for (const auto& p : v->as_list()) {
            if (p.kind() != Value::Kind::Map) continue;
            PolicyPrincipal principal;
            if (auto t = p.as_map().find("type"); t != p.as_map().end()) principal.type = RuleContext::text(t->second);
            if (auto i = p.as_map().find("identifiers"); i != p.as_map().end())
                principal.identifiers = RuleContext::strings(i->second);
            s.principals.push_back(std::move(principal));
        }
    if (const Value* v = get("condition"); v != nullptr && v->kind() == Value::Kind::List)
        for (const auto& c : v->as_list()) {
            if (c.kind() != Value::Kind::Map) continue;
            PolicyCondition condition;
            const auto& cm = c.as_map();
            if (auto t = cm.find("test"); t != cm.end()) condition.test = RuleContext::text(t->second);
            if (auto t = cm.find("variable"); t != cm.end()) condition.variable = RuleContext::text(t->second);
            if (auto t = cm.find("values"); t != cm.end()) condition.values = RuleContext::strings(t->second);
            s.conditions.push_back(std::move(condition));
        }
    return s;
}

std::vector<std::string> json_strings(const nlohmann::json& j) {
    std::vector<std::string> out;
    if (j.is_string()) out.push_back(j.get<std::string>());
    if (j.is_array())
        for (const auto& item : j)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::vector<PolicyStatement> statements_from_json(const std::string& text) {
    std::vector<PolicyStatement> out;
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("Statement")) return out;
    nlohmann::json statements = doc["Statement"];
    if (statements.is_object()) statements = nlohmann::json::array({statements});
    for (const auto& st : statements) {
        if (!st.is_object()) continue;
        PolicyStatement s;
        if (st.contains("Effect") && st["Effect"].is_string()) s.effect = st["Effect"].get<std::string>();
        if (st.contains("Action")) s.actions = json_strings(st["Action"]);
        if (st.contains("NotAction")) s.not_actions = json_strings(st["NotAction"]);
        if (st.contains("Resource")) s.resources = json_strings(st["Resource"]);
        if (st.contains("Principal")) {
            const auto& p = st["Principal"];
            if (p.is_string()) s.principals.push_back({"*", {p.get<std::string>()}});
            else if (p.is_object())
                for (const auto& [type, ids] : p.items()) s.principals.push_back({type, json_strings(ids)});
        }
        if (st.contains("Condition") && st["Condition"].is_object())
            for (const auto& [test, vars] : st["Condition"].items())
                if (vars.is_object())
                    for (const auto& [variable, values] : vars.items())
                        s.conditions.push_back({test, variable, json_strings(values)});
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

RuleContext::RuleContext(const ResourceBase& resource, const std::vector<const ResourceBase*>& stack_resources)
    : resource_(resource), stack_resources_(stack_resources), body_(resource.rendered_body()) {}

const std::string& RuleContext::type() const { return resource_.terraform_type(); }
const Stack& RuleContext::stack() const { return resource_.stack(); }
const std::string& RuleContext::environment() const { return environment_of(resource_.stack()); }
bool RuleContext::is_development() const {
    const std::string& e = environment();
    return e == "dev" || e == "development";
}

const Value* RuleContext::get(std::string_view path) const { return first_at(body_, path); }

std::vector<const Value*> RuleContext::all(std::string_view path) const {
    std::vector<const Value*> out;
    const std::size_t dot = path.find('.');
    auto it = body_.find(path.substr(0, dot));
    if (it == body_.end()) return out;
    if (dot == std::string_view::npos) {
        if (it->second.kind() == Value::Kind::List)
            for (const auto& item : it->second.as_list()) out.push_back(&item);
        else
            out.push_back(&it->second);
        return out;
    }
    walk_path(it->second, path.substr(dot + 1), true, out);
    return out;
}

std::optional<bool> RuleContext::literal_bool(std::string_view path) const {
    const Value* v = get(path);
    if (v == nullptr || v->kind() != Value::Kind::Bool) return std::nullopt;
    return v->as_bool();
}

std::optional<double> RuleContext::literal_number(std::string_view path) const {
    const Value* v = get(path);
    if (v == nullptr || v->kind() != Value::Kind::Number) return std::nullopt;
    const Number& n = v->as_number();
    return n.is_integer ? static_cast<double>(n.integer) : n.real;
}

std::optional<std::string> RuleContext::literal_string(std::string_view path) const {
    const Value* v = get(path);
    if (v == nullptr || v->kind() != Value::Kind::String) return std::nullopt;
    return v->as_string();
}

std::string RuleContext::text(const Value& value) {
    switch (value.kind()) {
        case Value::Kind::String: return value.as_string();
        case Value::Kind::Bool: return value.as_bool() ? "true" : "false";
        case Value::Kind::Number: {
            const Number& n = value.as_number();
            return n.is_integer ? std::to_string(n.integer) : fmt::format("{}", n.real);
        }
        case Value::Kind::Expr: return "${" + render_hcl(value.as_expr(), RenderContext{}) + "}";
        default: return {};
    }
}

std::vector<std::string> RuleContext::strings(const Value& value) {
    std::vector<std::string> out;
    if (value.kind() == Value::Kind::List)
        for (const auto& item : value.as_list()) out.push_back(text(item));
    else if (!value.is_null())
        out.push_back(text(value));
    return out;
}

const TerraformElement* RuleContext::referenced(const Value& value) {
    std::set<const TerraformElement*> targets;
    auto collect = [&](const TerraformElement& target) { targets.insert(&target); };
    visit_references(value, collect);
    return targets.size() == 1 ? *targets.begin() : nullptr;
}

std::vector<const ResourceBase*> RuleContext::referrers(std::string_view type, std::string_view path) const {
    std::vector<const ResourceBase*> out;
    for (const ResourceBase* r : stack_resources_) {
        if (r->terraform_type() != type || r->element_kind() != ElementKind::Resource) continue;
        const Value::Map body = r->rendered_body();
        const Value* v = first_at(body, path);
        if (v != nullptr && referenced(*v) == &resource_) out.push_back(r);
    }
    return out;
}

std::vector<const ResourceBase*> RuleContext::of_type(std::string_view type) const {
    std::vector<const ResourceBase*> out;
    for (const ResourceBase* r : stack_resources_)
        if (r->terraform_type() == type) out.push_back(r);
    return out;
}

std::vector<PolicyStatement> RuleContext::policy(const Value& value) const {
    if (value.kind() == Value::Kind::String) return statements_from_json(value.as_string());
    const TerraformElement* target = referenced(value);
    if (target == nullptr || target->element_kind() != ElementKind::DataSource) return {};
    const auto* document = static_cast<const ResourceBase*>(target);
    if (document->terraform_type() != "aws_iam_policy_document") return {};
    std::vector<PolicyStatement> out;
    const Value::Map body = document->rendered_body();
    if (auto it = body.find("statement"); it != body.end() && it->second.kind() == Value::Kind::List)
        for (const auto& block : it->second.as_list()) out.push_back(statement_from_document_block(block));
    return out;
}

std::vector<PolicyStatement> RuleContext::policy_at(std::string_view path) const {
    const Value* v = get(path);
    return v == nullptr ? std::vector<PolicyStatement>{} : policy(*v);
}

void RuleContext::report(std::string message) { reports_.push_back(std::move(message)); }

namespace {

class FunctionRule : public Rule {
public:
    FunctionRule(RuleInfo info, std::vector<std::string> types, std::function<void(RuleContext&)> check)
        : info_(std::move(info)), types_(std::move(types)), check_(std::move(check)) {}
    const RuleInfo& info() const override { return info_; }
    const std::vector<std::string>& types() const override { return types_; }
    void check(RuleContext& context) const override { check_(context); }

private:
    RuleInfo info_;
    std::vector<std::string> types_;
    std::function<void(RuleContext&)> check_;
};

}  // namespace

std::unique_ptr<Rule> make_rule(RuleInfo info, std::vector<std::string> types, std::function<void(RuleContext&)> check) {
    return std::make_unique<FunctionRule>(std::move(info), std::move(types), std::move(check));
}

}  // namespace infra::rules
