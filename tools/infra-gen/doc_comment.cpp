#include "doc_comment.hpp"

#include <fmt/format.h>

#include <sstream>

namespace infra::gen {

namespace {

constexpr std::size_t kWidth = 100;

std::string clean_line(std::string line) {
    for (char& c : line)
        if (c == '\t' || c == '\r') c = ' ';
    while (!line.empty() && (line.back() == ' ' || line.back() == '\\')) line.pop_back();
    return line;
}

}  // namespace

std::string doc_comment(const std::string& text, const std::string& indent) {
    std::string out;
    std::istringstream in(text);
    std::string line;
    const std::size_t room = kWidth > indent.size() + 3 ? kWidth - indent.size() - 3 : 40;
    while (std::getline(in, line)) {
        line = clean_line(line);
        if (line.empty()) {
            if (!out.empty()) out += indent + "//\n";
            continue;
        }
        // Wrap at spaces; a single word longer than the room stays whole.
        while (line.size() > room) {
            std::size_t cut = line.rfind(' ', room);
            if (cut == std::string::npos || cut == 0) cut = line.find(' ', room);
            if (cut == std::string::npos) break;
            out += indent + "// " + clean_line(line.substr(0, cut)) + "\n";
            line = line.substr(line.find_first_not_of(' ', cut) == std::string::npos ? line.size()
                                                                                     : line.find_first_not_of(' ', cut));
        }
        if (!line.empty()) out += indent + "// " + line + "\n";
    }
    while (out.size() >= indent.size() + 3 && out.ends_with(indent + "//\n")) out.resize(out.size() - indent.size() - 3);
    return out;
}

std::string cpp_string_literal(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            default:
                if (c < 0x20) out += fmt::format("\\{:03o}", c);  // octal: never runs into the next character
                else out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

}  // namespace infra::gen
