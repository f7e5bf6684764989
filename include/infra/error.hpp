// The one exception type the SDK throws for bad input. Its message is a single
// line that names what is wrong and where (a construct path, a file, a key).
#pragma once

#include <stdexcept>
#include <string>

namespace infra {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Bad invocation: unknown stack, unknown or mistyped setting, unreadable
// config file. The CLI maps it to exit code 2 rather than 1.
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message) {}
};

}  // namespace infra
