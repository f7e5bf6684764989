// Positions of a stack's elements by address: an open-addressing table of
// pointers. The cycle check looks up the target of every reference in it;
// with a node-based std::unordered_map those lookups (a cache miss per node)
// were most of the check's time on large stacks.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace infra {

class TerraformElement;

class ElementIndex {
public:
    static constexpr std::uint32_t npos = UINT32_MAX;

    // A pointer that appears more than once keeps its first position.
    explicit ElementIndex(const std::vector<const TerraformElement*>& elements) {
        const std::size_t capacity = std::bit_ceil(elements.size() * 2 + 2);
        mask_ = capacity - 1;
        keys_.assign(capacity, nullptr);
        positions_.assign(capacity, npos);
        for (std::size_t i = 0; i < elements.size(); ++i) {
            std::size_t slot = home(elements[i]);
            while (keys_[slot] != nullptr && keys_[slot] != elements[i]) slot = (slot + 1) & mask_;
            if (keys_[slot] != nullptr) continue;
            keys_[slot] = elements[i];
            positions_[slot] = static_cast<std::uint32_t>(i);
        }
    }

    // The position of `e` in the elements given, or npos.
    std::uint32_t find(const TerraformElement* e) const {
        for (std::size_t slot = home(e);; slot = (slot + 1) & mask_) {
            if (keys_[slot] == e) return positions_[slot];
            if (keys_[slot] == nullptr) return npos;
        }
    }

private:
    std::size_t home(const TerraformElement* e) const {
        // Fibonacci hashing: allocation addresses share their low bits, the
        // multiplication spreads the rest over the table.
        const auto bits = reinterpret_cast<std::uintptr_t>(e);
        return static_cast<std::size_t>((bits >> 4) * 0x9E3779B97F4A7C15ull >> 20) & mask_;
    }

    std::size_t mask_ = 0;
    std::vector<const TerraformElement*> keys_;
    std::vector<std::uint32_t> positions_;
};

}  // namespace infra
