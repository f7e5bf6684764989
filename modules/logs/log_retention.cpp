#include "logs/log_retention.hpp"

#include <algorithm>
#include <array>

namespace crud_api::modules {

namespace {

constexpr std::array<int, 22> kRetentionDays{1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
                                             365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

}  // namespace

bool is_log_retention_days(int days) {
    return std::find(kRetentionDays.begin(), kRetentionDays.end(), days) != kRetentionDays.end();
}

const std::string& log_retention_days_list() {
    static const std::string text = [] {
        std::string out;
        for (int days : kRetentionDays) {
            if (!out.empty()) out += ", ";
            out += std::to_string(days);
        }
        return out;
    }();
    return text;
}

}  // namespace crud_api::modules
