// infra::quoted_value: a user's value inside a one-line message.
#include <catch2/catch.hpp>

#include <string>

#include "infra/quoted_value.hpp"

using infra::quoted_value;

TEST_CASE("quoted_value quotes a plain value as it is") {
    CHECK(quoted_value("dev") == "\"dev\"");
    CHECK(quoted_value("") == "\"\"");
}

TEST_CASE("quoted_value escapes what would break or cut the line") {
    CHECK(quoted_value(std::string("a\0b", 3)) == "\"a\\u0000b\"");
    CHECK(quoted_value("a\nb\r\tc") == "\"a\\nb\\r\\tc\"");
    CHECK(quoted_value("say \"hi\" \\o/") == "\"say \\\"hi\\\" \\\\o/\"");
    CHECK(quoted_value("\x1b[31m") == "\"\\u001b[31m\"");
}

TEST_CASE("quoted_value cuts a long value after 64 characters and says its length") {
    CHECK(quoted_value(std::string(64, 'p')) == "\"" + std::string(64, 'p') + "\"");
    CHECK(quoted_value(std::string(200'000'000, 'p')) == "\"" + std::string(64, 'p') + "…\" (200000000 characters)");
    // Never inside a UTF-8 character: 63 ASCII bytes, then a two-byte "é".
    const std::string accented = std::string(63, 'a') + "\xc3\xa9" + "zz";
    CHECK(quoted_value(accented) == "\"" + std::string(63, 'a') + "…\" (66 characters)");
}
