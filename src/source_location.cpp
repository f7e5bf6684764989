#include "infra/source_location.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace infra {

std::string location_text(const infra::SourceLocation& where) {
    const std::string_view file = where.file_name();
    if (file.empty() || where.line() == 0) return {};
    fs::path path{std::string(file)};
    if (path.is_absolute()) {
        // Only on the way to an error message: asking for the working folder
        // each time costs nothing that matters.
        std::error_code ec;
        const fs::path cwd = fs::current_path(ec);
        const fs::path relative = ec ? fs::path() : path.lexically_relative(cwd);
        if (!relative.empty() && *relative.begin() != "..") path = relative;
        else path = path.parent_path().filename() / path.filename();
    }
    return fmt::format("{}:{}", path.generic_string(), where.line());
}

std::string with_location(std::string message, const infra::SourceLocation& where) {
    const std::string text = location_text(where);
    if (!text.empty()) message += fmt::format(" (at {})", text);
    return message;
}

}  // namespace infra
