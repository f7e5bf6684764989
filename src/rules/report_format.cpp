#include "rules/report_format.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

namespace infra::rules {

namespace {

const char* sarif_level(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Info: return "note";
    }
    return "none";
}

nlohmann::json finding_json(const Finding& f) {
    nlohmann::json j{{"rule", f.rule_id},
                     {"severity", severity_name(f.severity)},
                     {"stack", f.stack},
                     {"path", f.path},
                     {"address", f.address},
                     {"message", f.message},
                     {"fix", f.fix},
                     {"equivalents", f.equivalents},
                     {"suppressed", f.suppressed}};
    if (f.suppressed) {
        j["suppression"] = {{"reason", f.suppression_reason}, {"at", f.suppressed_at}};
    }
    return j;
}

}  // namespace

std::string format_text(const RuleReport& report) {
    std::string out;
    for (const auto& f : report.findings) {
        if (f.suppressed) {
            out += fmt::format("suppressed {} {} ({}): {} -- at {}: {}\n", f.rule_id, f.path, f.address, f.message,
                               f.suppressed_at, f.suppression_reason);
            continue;
        }
        out += fmt::format("{}: {} {} ({}): {}. Fix: {}\n", severity_name(f.severity), f.rule_id, f.path, f.address,
                           f.message, f.fix);
    }
    for (const auto& u : report.unused_suppressions)
        out += fmt::format("warning: unused suppression {} (no finding matches it; remove it)\n", u);
    std::size_t suppressed = 0;
    for (const auto& f : report.findings) suppressed += f.suppressed ? 1 : 0;
    out += fmt::format("rules: {} error(s), {} warning(s), {} info(s), {} suppressed\n", report.count(Severity::Error),
                       report.count(Severity::Warning) + report.unused_suppressions.size(), report.count(Severity::Info),
                       suppressed);
    return out;
}

std::string format_json(const RuleReport& report) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : report.findings) findings.push_back(finding_json(f));
    nlohmann::json j{{"findings", findings},
                     {"unused_suppressions", report.unused_suppressions},
                     {"summary",
                      {{"errors", report.count(Severity::Error)},
                       {"warnings", report.count(Severity::Warning)},
                       {"infos", report.count(Severity::Info)}}}};
    return j.dump(2) + "\n";
}

std::string format_sarif(const RuleReport& report, const RuleSet& rules, const std::string& tool_version) {
    nlohmann::json driver_rules = nlohmann::json::array();
    std::map<std::string, std::size_t> index;
    for (const auto& r : rules.rules()) {
        const RuleInfo& info = r->info();
        index[info.id] = driver_rules.size();
        driver_rules.push_back({
            {"id", info.id},
            {"name", info.id},
            {"shortDescription", {{"text", info.description}}},
            {"fullDescription", {{"text", info.description}}},
            {"help", {{"text", "Fix: " + info.fix}}},
            {"defaultConfiguration", {{"level", sarif_level(info.severity)}}},
            {"properties", {{"tags", info.equivalents}, {"pack", info.pack}}},
        });
    }
    nlohmann::json results = nlohmann::json::array();
    for (const auto& f : report.findings) {
        nlohmann::json result{
            {"ruleId", f.rule_id},
            {"level", sarif_level(f.severity)},
            {"message", {{"text", fmt::format("{} ({}): {}. Fix: {}", f.path, f.address, f.message, f.fix)}}},
            {"locations",
             {{{"physicalLocation",
                {{"artifactLocation", {{"uri", fmt::format("infra.out/stacks/{}/main.tf.json", f.stack)}}},
                 {"region", {{"startLine", 1}}}}},
               {"logicalLocations", {{{"name", f.path}, {"fullyQualifiedName", f.address}, {"kind", "resource"}}}}}}},
            {"partialFingerprints", {{"infraFinding/v1", f.rule_id + ":" + f.stack + ":" + f.address}}},
        };
        if (auto it = index.find(f.rule_id); it != index.end()) result["ruleIndex"] = it->second;
        if (f.suppressed)
            result["suppressions"] = {{{"kind", "inSource"}, {"justification", f.suppression_reason}}};
        results.push_back(std::move(result));
    }
    nlohmann::json sarif{
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs",
         {{{"tool",
            {{"driver",
              {{"name", "infra"},
               {"version", tool_version},
               {"informationUri", "https://github.com/infra-tool/infra"},
               {"rules", driver_rules}}}}},
           {"results", results}}}},
    };
    return sarif.dump(2) + "\n";
}

}  // namespace infra::rules
