// Content handed over in pieces, in order: a stack's document as it is
// rendered, written into its file without ever being whole in memory.
#pragma once

#include <functional>
#include <string_view>

namespace infra {

// Calls `take` with each piece of the content, in order.
using ContentProducer = std::function<void(const std::function<void(std::string_view)>& take)>;

}  // namespace infra
