#include "infra/rules/rule_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "infra/error.hpp"
#include "infra/resource_base.hpp"
#include "infra/rules/suppression.hpp"
#include "infra/stack.hpp"

namespace infra::rules {

std::size_t RuleReport::count(Severity severity, bool include_suppressed) const {
    return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) {
        return f.severity == severity && (include_suppressed || !f.suppressed);
    }));
}

void RuleSet::add(std::unique_ptr<Rule> rule) {
    if (find(rule->info().id) != nullptr) throw Error(fmt::format("rule {} is defined twice", rule->info().id));
    rules_.push_back(std::move(rule));
}

const Rule* RuleSet::find(std::string_view id) const {
    for (const auto& r : rules_)
        if (r->info().id == id) return r.get();
    return nullptr;
}

std::vector<std::string> RuleSet::packs() const {
    std::set<std::string> packs;
    for (const auto& r : rules_) packs.insert(r->info().pack);
    return {packs.begin(), packs.end()};
}

namespace {

constexpr std::string_view kSuppressPrefix = "infra:suppress:";

std::string type_key(const ResourceBase& r) {
    return r.element_kind() == ElementKind::DataSource ? "data." + r.terraform_type() : r.terraform_type();
}

}  // namespace

RuleReport run_rules(const std::vector<Stack*>& stacks, const RuleSet& rules, const std::vector<std::string>& packs) {
    const std::vector<std::string> known = rules.packs();
    for (const auto& p : packs)
        if (std::find(known.begin(), known.end(), p) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw UsageError(fmt::format("unknown rule pack \"{}\" (known packs: {})", p, list));
        }
    std::map<std::string, std::vector<const Rule*>> by_type;
    std::set<std::string> running;
    for (const auto& r : rules.rules()) {
        if (!packs.empty() && std::find(packs.begin(), packs.end(), r->info().pack) == packs.end()) continue;
        running.insert(r->info().id);
        for (const auto& t : r->types()) by_type[t].push_back(r.get());
    }

    RuleReport report;
    std::set<std::pair<const Construct*, std::string>> used;
    for (Stack* stack : stacks) {
        std::vector<const ResourceBase*> resources;
        walk(*stack, [&](Construct& c) {
            const TerraformElement* e = c.as_element();
            if (e != nullptr && (e->element_kind() == ElementKind::Resource || e->element_kind() == ElementKind::DataSource))
                resources.push_back(static_cast<const ResourceBase*>(e));
        });
        for (const ResourceBase* resource : resources) {
            auto it = by_type.find(type_key(*resource));
            if (it == by_type.end()) continue;
            for (const Rule* rule : it->second) {
                RuleContext context(*resource, resources);
                rule->check(context);
                const RuleInfo& info = rule->info();
                for (const auto& message : context.reports()) {
                    Finding f{.rule_id = info.id,
                              .severity = info.severity,
                              .stack = stack->name(),
                              .path = resource->path(),
                              .address = resource->address(),
                              .message = message,
                              .fix = info.fix,
                              .equivalents = info.equivalents};
                    const SuppressionMatch match = find_suppression(*resource, info.id);
                    if (match.holder != nullptr) {
                        f.suppressed = true;
                        f.suppression_reason = *match.reason;
                        f.suppressed_at = match.holder->path();
                        used.insert({match.holder, info.id});
                    }
                    report.findings.push_back(std::move(f));
                }
            }
        }
        walk(*stack, [&](Construct& c) {
            for (const auto& [key, reason] : c.metadata_entries()) {
                if (key.compare(0, kSuppressPrefix.size(), kSuppressPrefix) != 0) continue;
                const std::string id = key.substr(kSuppressPrefix.size());
                // A suppression of a rule that did not run this time is not stale.
                if (running.count(id) && !used.count({&c, id}))
                    report.unused_suppressions.push_back(fmt::format("{}: {}", c.path(), id));
            }
        });
    }
    std::sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.stack, a.path, a.rule_id, a.message) < std::tie(b.stack, b.path, b.rule_id, b.message);
    });
    return report;
}

}  // namespace infra::rules
