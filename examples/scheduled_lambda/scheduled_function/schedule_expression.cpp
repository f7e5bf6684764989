#include "scheduled_function/schedule_expression.hpp"

#include <fmt/format.h>

#include <sstream>
#include <vector>

namespace scheduled_lambda {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

bool is_positive_integer(const std::string& s) {
    if (s.empty() || s.size() > 9 || s[0] == '0') return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string rate_problem(const std::string& body) {
    const std::vector<std::string> w = words(body);
    if (w.size() != 2 || !is_positive_integer(w[0]))
        return "a rate is \"rate(<positive whole number> <unit>)\", e.g. \"rate(5 minutes)\"";
    const std::string& unit = w[1];
    const bool one = w[0] == "1";
    for (const char* u : {"minute", "hour", "day"}) {
        const std::string singular = u;
        if (unit == singular || unit == singular + "s") {
            // EventBridge rejects "rate(1 minutes)" and "rate(5 minute)".
            if (one && unit != singular) return fmt::format("a rate of 1 takes \"{}\", not \"{}\"", singular, unit);
            if (!one && unit == singular) return fmt::format("a rate of {} takes \"{}s\", not \"{}\"", w[0], singular, unit);
            return "";
        }
    }
    return fmt::format("the unit \"{}\" is not minute(s), hour(s) or day(s)", unit);
}

}  // namespace

std::string schedule_expression_problem(const std::string& expression) {
    if (expression.empty()) return "it is empty; give e.g. \"rate(5 minutes)\" or \"cron(0 3 * * ? *)\"";
    if (expression.back() == ')') {
        if (starts_with(expression, "rate(")) return rate_problem(expression.substr(5, expression.size() - 6));
        if (starts_with(expression, "cron(")) {
            const std::size_t fields = words(expression.substr(5, expression.size() - 6)).size();
            if (fields != 6)
                return fmt::format("a cron expression has six fields (minutes hours day-of-month month "
                                   "day-of-week year), this one has {}",
                                   fields);
            return "";
        }
    }
    return "it is neither \"rate(...)\" nor \"cron(...)\"";
}

}  // namespace scheduled_lambda
