// Turns the bytes a fuzzer hands a target into the pieces the target feeds
// the code under test: text split into parts at a separator line, or a
// stream of small numbers and strings read front to back. Reading past the
// end yields zeros and empty strings, so every byte string is a valid input
// and the fuzzer never wastes runs on inputs the harness would reject.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace infra::fuzz {

// The line that separates the parts of a textual input (two JSON documents,
// or a config file and its --set lines). A raw newline cannot occur inside a
// JSON string, so the separator never splits a document in the middle of a
// string; outside strings it is not valid JSON either.
inline constexpr std::string_view kSeparator = "\n----\n";

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// The parts of `text` between separators; one part when there is none.
inline std::vector<std::string_view> split_parts(std::string_view text) {
    std::vector<std::string_view> parts;
    for (;;) {
        const std::size_t at = text.find(kSeparator);
        if (at == std::string_view::npos) {
            parts.push_back(text);
            return parts;
        }
        parts.push_back(text.substr(0, at));
        text.remove_prefix(at + kSeparator.size());
    }
}

// The lines of `text`, without their '\n'; a trailing newline adds no empty line.
inline std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

// Reads an input front to back as a small program: a byte picks what to do,
// the bytes after it are its arguments.
class ByteReader {
public:
    ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    bool empty() const { return pos_ >= size_; }

    std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }

    // A number below `bound` (bound > 0).
    std::size_t below(std::size_t bound) { return byte() % bound; }

    template <class T>
    T raw() {
        T value{};
        unsigned char bytes[sizeof(T)] = {};
        for (auto& b : bytes) b = byte();
        std::memcpy(&value, bytes, sizeof(T));
        return value;
    }

    // A string of up to 255 bytes: a length byte, then that many bytes.
    std::string string() {
        const std::size_t length = byte();
        const std::size_t available = pos_ < size_ ? size_ - pos_ : 0;
        const std::size_t n = length < available ? length : available;
        std::string out(reinterpret_cast<const char*>(data_ + pos_), n);
        pos_ += n;
        return out;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

}  // namespace infra::fuzz
