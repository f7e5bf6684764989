// Settings: a plain struct bound to names, overridden from a JSON config file
// and --set, with errors that name the key and where it came from.
#include <cstdint>
#include <map>

#include "infra/error.hpp"
#include "infra/settings.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using nlohmann::json;
using sdk_test::message_has;
using sdk_test::TempDir;
using sdk_test::write_file;

namespace {

struct Settings {
    std::string region = "eu-west-1";
    std::int64_t replicas = 1;
    double ratio = 0.5;
    bool public_access = false;
    std::vector<std::string> zones = {"a"};
    std::map<std::string, std::string> tags = {{"owner", "platform"}};
};

using Tags = std::map<std::string, std::string>;

struct Bound {
    Settings s;
    SettingsSchema schema;
    Bound() {
        schema.bind("region", s.region, "AWS region");
        schema.bind("replicas", s.replicas, "number of replicas");
        schema.bind("ratio", s.ratio, "a fraction");
        schema.bind("public_access", s.public_access, "expose it");
        schema.bind("zones", s.zones, "availability zones");
        schema.bind("tags", s.tags, "extra resource tags");
    }
};

}  // namespace

TEST_CASE("binding records each field with its type") {
    Bound b;
    REQUIRE(b.schema.entries().size() == 6);
    CHECK(b.schema.entries()[0].key == "region");
    CHECK(b.schema.entries()[0].description == "AWS region");
    CHECK(std::string(settings_type_name(b.schema.entries()[0].field)) == "string");
    CHECK(std::string(settings_type_name(b.schema.entries()[1].field)) == "integer");
    CHECK(std::string(settings_type_name(b.schema.entries()[2].field)) == "number");
    CHECK(std::string(settings_type_name(b.schema.entries()[3].field)) == "bool");
    CHECK(std::string(settings_type_name(b.schema.entries()[4].field)) == "list(string)");
    CHECK(std::string(settings_type_name(b.schema.entries()[5].field)) == "map(string)");
    CHECK(b.schema.to_json() == json{{"region", "eu-west-1"},
                                     {"replicas", 1},
                                     {"ratio", 0.5},
                                     {"public_access", false},
                                     {"zones", {"a"}},
                                     {"tags", json::object({{"owner", "platform"}})}});
    std::string again;
    REQUIRE_THROWS_MATCHES(b.schema.bind("region", again, "twice"), Error, message_has({"\"region\"", "twice"}));
}

TEST_CASE("apply_json sets every named field") {
    Bound b;
    b.schema.apply_json(json{{"region", "us-east-1"}, {"replicas", 3}, {"ratio", 2}, {"public_access", true},
                             {"zones", {"x", "y"}}},
                        "config.json");
    CHECK(b.s.region == "us-east-1");
    CHECK(b.s.replicas == 3);
    CHECK(b.s.ratio == 2.0);  // an integer is a fine number
    CHECK(b.s.public_access);
    CHECK(b.s.zones == std::vector<std::string>{"x", "y"});
}

TEST_CASE("apply_json rejects unknown keys, naming the key and the origin") {
    Bound b;
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"regoin", "x"}}, "settings/dev.json"), UsageError,
                           message_has({"settings/dev.json", "\"regoin\"", "region"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json::array({1}), "cfg.json"), UsageError,
                           message_has({"cfg.json", "object"}));
}

TEST_CASE("apply_json rejects values of the wrong type, naming the key") {
    Bound b;
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"public_access", "true"}}, "c.json"), UsageError,
                           message_has({"c.json", "\"public_access\"", "true or false", "a string"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"replicas", 1.5}}, "c.json"), UsageError,
                           message_has({"\"replicas\"", "integer"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"zones", {"a", 2}}}, "c.json"), UsageError,
                           message_has({"\"zones\"", "list of strings", "a number"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"zones", "a,b"}}, "c.json"), UsageError,
                           message_has({"\"zones\"", "list of strings"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"region", 5}}, "c.json"), UsageError,
                           message_has({"\"region\"", "a string", "a number"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"ratio", "0.5"}}, "c.json"), UsageError,
                           message_has({"\"ratio\"", "a number"}));
    REQUIRE_THROWS_AS(b.schema.apply_json(json{{"region", nullptr}}, "c.json"), UsageError);
    // An integer too large for the field is an error, not a silently wrapped value.
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json::parse(R"({"replicas": 18446744073709551615})"), "c.json"),
                           UsageError, message_has({"\"replicas\""}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("replicas=99999999999999999999"), UsageError,
                           message_has({"\"replicas\""}));

    // Nothing was changed by the rejected values.
    CHECK(b.s.public_access == false);
    CHECK(b.s.replicas == 1);
    CHECK(b.s.zones == std::vector<std::string>{"a"});
}

TEST_CASE("a --set assignment parses each type from text") {
    Bound b;
    b.schema.apply_assignment("region=ap-south-1");
    b.schema.apply_assignment("replicas=-12");
    b.schema.apply_assignment("ratio=0.25");
    b.schema.apply_assignment("public_access=true");
    b.schema.apply_assignment("zones=[\"eu-west-1a\", \"eu-west-1b\"]");
    CHECK(b.s.region == "ap-south-1");
    CHECK(b.s.replicas == -12);
    CHECK(b.s.ratio == 0.25);
    CHECK(b.s.public_access);
    CHECK(b.s.zones == std::vector<std::string>{"eu-west-1a", "eu-west-1b"});

    b.schema.apply_assignment("zones=a,b,,c");
    CHECK(b.s.zones == std::vector<std::string>{"a", "b", "c"});
    b.schema.apply_assignment("zones=single");
    CHECK(b.s.zones == std::vector<std::string>{"single"});
    b.schema.apply_assignment("zones=");
    CHECK(b.s.zones.empty());
    b.schema.apply_assignment("public_access=false");
    CHECK_FALSE(b.s.public_access);
    b.schema.apply_assignment("ratio=3");
    CHECK(b.s.ratio == 3.0);
    b.schema.apply_assignment("region=a=b");  // only the first '=' splits
    CHECK(b.s.region == "a=b");
    b.schema.apply_assignment("region=");
    CHECK(b.s.region.empty());
}

TEST_CASE("errors in a --set assignment name the key") {
    Bound b;
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("public_access=yes"), UsageError,
                           message_has({"--set public_access", "true or false", "\"yes\""}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("replicas=1.5"), UsageError,
                           message_has({"\"replicas\"", "integer", "\"1.5\""}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("replicas=12abc"), UsageError, message_has({"\"replicas\""}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("replicas="), UsageError, message_has({"\"replicas\""}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("ratio=half"), UsageError, message_has({"\"ratio\"", "number"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("zones=[\"a\", 1]"), UsageError,
                           message_has({"\"zones\"", "list of strings"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("zones=[\"a\""), UsageError, message_has({"\"zones\"", "JSON"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("nope=1"), UsageError, message_has({"--set nope", "\"nope\""}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("region"), UsageError, message_has({"key=value"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("=x"), UsageError, message_has({"key=value"}));
    CHECK(b.s.replicas == 1);
}

TEST_CASE("a map setting takes a JSON object of strings, replacing the whole map") {
    Bound b;
    b.schema.apply_json(json{{"tags", json::object({{"team", "data"}, {"cost-center", "42"}})}}, "c.json");
    CHECK(b.s.tags == Tags{{"cost-center", "42"}, {"team", "data"}});  // "owner" is gone
    b.schema.apply_json(json{{"tags", json::object()}}, "c.json");
    CHECK(b.s.tags.empty());
}

TEST_CASE("a map setting rejects anything but an object of strings") {
    Bound b;
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"tags", {"team", "data"}}}, "c.json"), UsageError,
                           message_has({"c.json: setting \"tags\" must be an object of strings, got a list"}));
    // The config file takes JSON as it is; "k=v" text is only for --set.
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"tags", "team=data"}}, "c.json"), UsageError,
                           message_has({"c.json: setting \"tags\" must be an object of strings, got a string"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"tags", json::object({{"env", "dev"}, {"team", 5}})}}, "c.json"),
                           UsageError,
                           message_has({"c.json: setting \"tags\" must be an object of strings, but \"team\" is a number"}));
    REQUIRE_THROWS_MATCHES(
        b.schema.apply_json(json{{"tags", json::object({{"team", json::object({{"a", "b"}})}})}}, "c.json"), UsageError,
        message_has({"\"tags\"", "\"team\" is an object"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"tags", json::object({{"team", "\xff"}})}}, "c.json"), UsageError,
                           message_has({"c.json: setting \"tags\"", "\"team\"", "not valid UTF-8"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_json(json{{"tags", json::object({{"\xc0\x80", "x"}})}}, "c.json"),
                           UsageError, message_has({"c.json: setting \"tags\"", "key", "not valid UTF-8"}));
    // A rejected value leaves the map as it was.
    CHECK(b.s.tags == Tags{{"owner", "platform"}});
}

TEST_CASE("a map setting from --set is a JSON object or k=v pairs") {
    Bound b;
    b.schema.apply_assignment(R"(tags={"team":"data","cost-center":"42"})");
    CHECK(b.s.tags == Tags{{"cost-center", "42"}, {"team", "data"}});

    b.schema.apply_assignment("tags=team=web,cost-center=7");
    CHECK(b.s.tags == Tags{{"cost-center", "7"}, {"team", "web"}});  // replaced, not merged

    // Only the JSON form can hold ',' in a value.
    b.schema.apply_assignment(R"(tags={"query":"a=b,c=d"})");
    CHECK(b.s.tags == Tags{{"query", "a=b,c=d"}});

    // The first '=' of a pair splits it; the value may be empty.
    b.schema.apply_assignment("tags=url=https://x?a=b,empty=");
    CHECK(b.s.tags == Tags{{"empty", ""}, {"url", "https://x?a=b"}});

    b.schema.apply_assignment("tags=solo=1,");  // a trailing comma, as lists allow
    CHECK(b.s.tags == Tags{{"solo", "1"}});

    b.schema.apply_assignment("tags=");
    CHECK(b.s.tags.empty());
    CHECK(b.schema.to_json()["tags"] == json::object());
}

TEST_CASE("errors in a --set map name the setting and the pair") {
    Bound b;
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("tags=team=data,nokey"), UsageError,
                           message_has({"--set tags: setting \"tags\"", "\"nokey\"", "no '='"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("tags=team=data,=orphan"), UsageError,
                           message_has({"--set tags: setting \"tags\"", "\"=orphan\"", "empty key"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("tags=team=a,env=dev,team=b"), UsageError,
                           message_has({"--set tags: setting \"tags\"", "\"team\"", "twice"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment(R"(tags={"team":)"), UsageError,
                           message_has({"--set tags: setting \"tags\"", "JSON object"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment(R"(tags={"team":1})"), UsageError,
                           message_has({"--set tags: setting \"tags\"", "\"team\" is a number"}));
    REQUIRE_THROWS_MATCHES(b.schema.apply_assignment("tags=team=\xff"), UsageError,
                           message_has({"--set tags: setting \"tags\"", "\"team\"", "not valid UTF-8"}));
    CHECK(b.s.tags == Tags{{"owner", "platform"}});
}

TEST_CASE("SettingsSource applies the config file, then each --set in order") {
    TempDir tmp;
    const auto file = tmp.path() / "dev.json";
    write_file(file, R"({"region": "us-west-2", "replicas": 2, "zones": ["z1"], "tags": {"a": "1", "b": "2"}})");
    Bound b;
    SettingsSource source{file, {"replicas=5", "replicas=7", "public_access=true", "tags=c=3"}};
    source.apply(b.schema);
    CHECK(b.s.region == "us-west-2");
    CHECK(b.s.replicas == 7);
    CHECK(b.s.public_access);
    CHECK(b.s.zones == std::vector<std::string>{"z1"});
    CHECK(b.s.tags == Tags{{"c", "3"}});  // --set replaces the file's map

    Bound untouched;
    SettingsSource{}.apply(untouched.schema);
    CHECK(untouched.s.region == "eu-west-1");
}

TEST_CASE("config file errors are usage errors naming the file") {
    TempDir tmp;
    SECTION("malformed JSON") {
        const auto file = tmp.path() / "broken.json";
        write_file(file, "{\"region\": \"x\",\n  oops}");
        Bound b;
        REQUIRE_THROWS_MATCHES((SettingsSource{file, {}}.apply(b.schema)), UsageError,
                               message_has({file.string(), "malformed JSON", "line 2"}));
    }
    SECTION("unreadable") {
        const auto file = tmp.path() / "missing.json";
        Bound b;
        REQUIRE_THROWS_MATCHES((SettingsSource{file, {}}.apply(b.schema)), UsageError,
                               message_has({file.string(), "cannot read"}));
    }
    SECTION("an unknown key in the file") {
        const auto file = tmp.path() / "typo.json";
        write_file(file, R"({"replica": 2})");
        Bound b;
        REQUIRE_THROWS_MATCHES((SettingsSource{file, {}}.apply(b.schema)), UsageError,
                               message_has({file.string(), "\"replica\""}));
    }
    SECTION("a JSON value that is not an object") {
        const auto file = tmp.path() / "list.json";
        write_file(file, "[1, 2]");
        Bound b;
        REQUIRE_THROWS_MATCHES((SettingsSource{file, {}}.apply(b.schema)), UsageError, message_has({file.string()}));
    }
}
