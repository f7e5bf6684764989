// The message of the infra::Error a call throws, for tests that compare a
// whole error message. Header-only: for test targets that link the SDK.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "infra/error.hpp"

namespace test_support {

// The message of the infra::Error `f` throws; fails the running test when
// `f` returns normally. Any other exception passes through and fails the
// test with its own message.
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const infra::Error& e) {
        return e.what();
    }
    FAIL("expected an infra::Error");
    return {};
}

}  // namespace test_support
