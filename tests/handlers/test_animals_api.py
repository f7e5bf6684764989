"""The three API handlers against a real PostgreSQL, logged in as iam_token_user."""

import json
import unittest

import support
from support import api_event

import delete_animals  # noqa: E402  (importable once support has set sys.path)
import get_animals
import post_animals

SERVER = None


def setUpModule():
    global SERVER
    SERVER = support.start_server()
    support.migrate_database(SERVER)
    password = support.new_password()
    support.set_role_password(SERVER, "iam_token_user", password)
    support.use_api_role(SERVER, password)


def get(query=None):
    return get_animals.handler(api_event("GET", query=query), None)


def post(body, base64_body=False):
    return post_animals.handler(api_event("POST", body=body, base64_body=base64_body), None)


def delete(body=None, query=None, base64_body=False):
    return delete_animals.handler(
        api_event("DELETE", query=query, body=body, base64_body=base64_body), None
    )


def animal(name="Lion", weight=190.5, height=120):
    return {"name": name, "weight": weight, "height": height}


class AnimalsTestCase(support.HandlerTestCase):
    def setUp(self):
        admin = SERVER.admin()
        try:
            admin.cursor().execute("TRUNCATE animals")
        finally:
            admin.close()

    def stored_rows(self):
        admin = SERVER.admin()
        try:
            cursor = admin.cursor()
            cursor.execute("SELECT name, weight::text, height::text FROM animals ORDER BY name")
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            admin.close()

    def create(self, **fields):
        payload = self.assertResponse(post(animal(**fields)), 201)
        return payload


class ListAndGetTest(AnimalsTestCase):
    def test_list_empty_table_is_empty_array(self):
        self.assertEqual(self.assertResponse(get(), 200), [])

    def test_list_is_ordered_by_name(self):
        for name in ("Zebra", "Aardvark", "Moose"):
            self.create(name=name)
        names = [row["name"] for row in self.assertResponse(get(), 200)]
        self.assertEqual(names, ["Aardvark", "Moose", "Zebra"])

    def test_list_with_empty_query_parameters_object(self):
        self.create(name="Otter")
        payload = self.assertResponse(get_animals.handler(api_event("GET", query={}), None), 200)
        self.assertEqual([row["name"] for row in payload], ["Otter"])

    def test_list_ignores_unrelated_query_parameters(self):
        self.create(name="Otter")
        payload = self.assertResponse(get({"limit": "1"}), 200)
        self.assertEqual([row["name"] for row in payload], ["Otter"])

    def test_get_one_by_name(self):
        self.create(name="Lion", weight=190.5, height=120)
        self.create(name="Tiger")
        payload = self.assertResponse(get({"name": "Lion"}), 200)
        self.assertEqual(payload, {"name": "Lion", "weight": 190.5, "height": 120})

    def test_get_unknown_name_is_404(self):
        self.create(name="Lion")
        self.assertError(get({"name": "Unicorn"}), 404, "Unicorn")

    def test_get_is_case_sensitive(self):
        self.create(name="Lion")
        self.assertError(get({"name": "lion"}), 404)

    def test_get_empty_name_is_400(self):
        self.assertError(get({"name": ""}), 400, "name")

    def test_get_too_long_name_is_400(self):
        self.assertError(get({"name": "x" * 101}), 400, "name", "100")

    def test_numbers_are_json_numbers(self):
        self.create(name="Camel", weight=400.5, height=185)
        result = get({"name": "Camel"})
        self.assertIn('"weight": 400.5', result["body"])
        self.assertIn('"height": 185', result["body"])
        self.assertNotIn('"400.50"', result["body"])
        payload = self.assertResponse(result, 200)
        self.assertIsInstance(payload["weight"], float)
        self.assertIsInstance(payload["height"], int)

    def test_list_numbers_are_json_numbers(self):
        self.create(name="Camel", weight=12.25, height=0.5)
        [row] = self.assertResponse(get(), 200)
        self.assertEqual((row["weight"], row["height"]), (12.25, 0.5))


class CreateTest(AnimalsTestCase):
    def test_create_returns_201_with_created_row(self):
        payload = self.assertResponse(post(animal("Lion", 190.5, 120)), 201)
        self.assertEqual(payload, {"name": "Lion", "weight": 190.5, "height": 120})
        self.assertEqual(self.stored_rows(), [("Lion", "190.50", "120.00")])

    def test_created_animal_is_listed(self):
        self.create(name="Lion")
        self.assertEqual([row["name"] for row in self.assertResponse(get(), 200)], ["Lion"])

    def test_duplicate_name_is_409(self):
        self.create(name="Lion", weight=1, height=1)
        self.assertError(post(animal("Lion", 2, 2)), 409, "Lion")
        self.assertEqual(self.stored_rows(), [("Lion", "1.00", "1.00")])

    def test_base64_encoded_body(self):
        payload = self.assertResponse(post(animal("Ñandú 🦤", 25, 1.5), base64_body=True), 201)
        self.assertEqual(payload["name"], "Ñandú 🦤")

    def test_invalid_base64_body_is_400(self):
        event = api_event("POST", body="not base64!!")
        event["isBase64Encoded"] = True
        self.assertError(post_animals.handler(event, None), 400, "base64")

    def test_base64_body_that_is_not_utf8_is_400(self):
        event = api_event("POST", body="//79")  # bytes ff fe fd
        event["isBase64Encoded"] = True
        self.assertError(post_animals.handler(event, None), 400, "UTF-8")

    def test_values_are_rounded_like_numeric_6_2(self):
        self.assertResponse(post(animal("Wren", 0.005, 9999.99)), 201)
        self.assertEqual(self.stored_rows(), [("Wren", "0.01", "9999.99")])

    def test_integral_values_come_back_as_integers(self):
        payload = self.create(name="Ox", weight=700.0, height=150)
        self.assertEqual(payload["weight"], 700)
        self.assertIsInstance(payload["weight"], int)

    def test_non_ascii_name_round_trips(self):
        name = "Ñandú 🦤"
        self.assertEqual(self.create(name=name)["name"], name)
        self.assertEqual(self.assertResponse(get({"name": name}), 200)["name"], name)
        self.assertEqual(self.stored_rows()[0][0], name)
        result = get()
        self.assertIn(name, result["body"])  # not \u-escaped

    def test_name_of_exactly_100_characters_is_accepted(self):
        name = "a" * 100
        self.assertEqual(self.create(name=name)["name"], name)

    def test_length_limit_counts_characters_not_bytes(self):
        name = "🦤" * 100  # 400 bytes of UTF-8
        self.assertEqual(self.create(name=name)["name"], name)

    def test_name_is_stored_literally_not_as_sql(self):
        name = "x'); DROP TABLE animals; --"
        self.assertEqual(self.create(name=name)["name"], name)
        self.create(name="Robert'); DELETE FROM animals; --")
        self.assertEqual(
            [row["name"] for row in self.assertResponse(get(), 200)],
            sorted([name, "Robert'); DELETE FROM animals; --"]),
        )
        self.assertEqual(self.assertResponse(get({"name": name}), 200)["name"], name)

    def test_injection_in_query_parameter_matches_nothing(self):
        self.create(name="Lion")
        self.assertError(get({"name": "' OR '1'='1"}), 404)
        self.assertError(delete(query={"name": "' OR 1=1 --"}), 404)
        self.assertEqual(len(self.stored_rows()), 1)


class CreateValidationTest(AnimalsTestCase):
    """Every rejected POST is a 400 naming the problem, and stores nothing."""

    def assertRejected(self, body, *fragments, base64_body=False):
        self.assertError(post(body, base64_body=base64_body), 400, *fragments)
        self.assertEqual(self.stored_rows(), [])

    def test_missing_body(self):
        self.assertRejected(None, "body")

    def test_empty_body(self):
        self.assertRejected("", "body")

    def test_body_not_json(self):
        self.assertRejected("name=Lion&weight=1", "JSON")

    def test_body_json_array(self):
        self.assertRejected([animal()], "JSON object")

    def test_body_json_string(self):
        self.assertRejected('"Lion"', "JSON object")

    def test_body_json_null(self):
        self.assertRejected("null", "JSON object")

    def test_unknown_field(self):
        self.assertRejected({**animal(), "color": "gold"}, "unknown field", "color")

    def test_missing_name(self):
        self.assertRejected({"weight": 1, "height": 1}, "missing field", "name")

    def test_missing_weight(self):
        self.assertRejected({"name": "Lion", "height": 1}, "missing field", "weight")

    def test_missing_height(self):
        self.assertRejected({"name": "Lion", "weight": 1}, "missing field", "height")

    def test_name_not_a_string(self):
        self.assertRejected(animal(name=42), "name must be a string")

    def test_name_null(self):
        self.assertRejected(animal(name=None), "name must be a string")

    def test_name_list(self):
        self.assertRejected(animal(name=["Lion"]), "name must be a string")

    def test_name_empty(self):
        self.assertRejected(animal(name=""), "name must not be empty")

    def test_name_whitespace_only(self):
        self.assertRejected(animal(name=" \t\n "), "name must not be empty")

    def test_name_101_characters(self):
        self.assertRejected(animal(name="a" * 101), "name", "100 characters")

    def test_name_with_nul_character(self):
        self.assertRejected(animal(name="Li\x00on"), "name", "NUL")

    def test_name_with_unpaired_surrogate(self):
        self.assertRejected('{"name": "\\ud800", "weight": 1, "height": 1}', "name", "Unicode")

    def test_weight_string(self):
        self.assertRejected(animal(weight="12"), "weight must be a number")

    def test_height_string(self):
        self.assertRejected(animal(height="12"), "height must be a number")

    def test_weight_boolean(self):
        self.assertRejected(animal(weight=True), "weight must be a number")

    def test_height_boolean(self):
        self.assertRejected(animal(height=False), "height must be a number")

    def test_weight_null(self):
        self.assertRejected(animal(weight=None), "weight must be a number")

    def test_weight_object(self):
        self.assertRejected(animal(weight={"kg": 1}), "weight must be a number")

    def test_weight_zero(self):
        self.assertRejected(animal(weight=0), "weight must be greater than 0")

    def test_weight_negative(self):
        self.assertRejected(animal(weight=-3.5), "weight must be greater than 0")

    def test_height_zero(self):
        self.assertRejected(animal(height=0.0), "height must be greater than 0")

    def test_height_negative(self):
        self.assertRejected(animal(height=-1), "height must be greater than 0")

    def test_weight_rounding_to_zero(self):
        self.assertRejected(animal(weight=0.004), "weight must be at least 0.01")

    def test_weight_nan(self):
        self.assertRejected('{"name": "Lion", "weight": NaN, "height": 1}', "weight", "finite")

    def test_weight_infinity(self):
        self.assertRejected('{"name": "Lion", "weight": Infinity, "height": 1}', "weight", "finite")

    def test_height_negative_infinity(self):
        self.assertRejected(
            '{"name": "Lion", "weight": 1, "height": -Infinity}', "height", "finite"
        )

    def test_height_nan(self):
        self.assertRejected('{"name": "Lion", "weight": 1, "height": NaN}', "height", "finite")

    def test_weight_overflowing_float(self):
        self.assertRejected('{"name": "Lion", "weight": 1e400, "height": 1}', "weight", "finite")

    def test_weight_10000(self):
        self.assertRejected(animal(weight=10000), "weight must be less than 10000")

    def test_height_10000(self):
        self.assertRejected(animal(height=10000.0), "height must be less than 10000")

    def test_weight_rounding_up_to_10000(self):
        self.assertRejected(animal(weight=9999.995), "weight must be less than 10000")

    def test_huge_integer_weight(self):
        self.assertRejected(animal(weight=10**30), "weight must be less than 10000")


class DeleteTest(AnimalsTestCase):
    def test_delete_by_body(self):
        self.create(name="Lion", weight=190.5, height=120)
        self.create(name="Tiger")
        payload = self.assertResponse(delete(body={"name": "Lion"}), 200)
        self.assertEqual(payload, {"name": "Lion", "weight": 190.5, "height": 120})
        self.assertEqual([row[0] for row in self.stored_rows()], ["Tiger"])
        self.assertError(get({"name": "Lion"}), 404)

    def test_delete_by_query_parameter(self):
        self.create(name="Lion")
        self.assertEqual(self.assertResponse(delete(query={"name": "Lion"}), 200)["name"], "Lion")
        self.assertEqual(self.stored_rows(), [])

    def test_delete_with_base64_body(self):
        self.create(name="Ñandú 🦤")
        payload = self.assertResponse(delete(body={"name": "Ñandú 🦤"}, base64_body=True), 200)
        self.assertEqual(payload["name"], "Ñandú 🦤")
        self.assertEqual(self.stored_rows(), [])

    def test_delete_same_name_in_body_and_query(self):
        self.create(name="Lion")
        self.assertResponse(delete(body={"name": "Lion"}, query={"name": "Lion"}), 200)

    def test_delete_absent_name_is_404(self):
        self.create(name="Lion")
        self.assertError(delete(body={"name": "Unicorn"}), 404, "Unicorn")
        self.assertEqual(len(self.stored_rows()), 1)

    def test_delete_twice_is_404_the_second_time(self):
        self.create(name="Lion")
        self.assertResponse(delete(query={"name": "Lion"}), 200)
        self.assertError(delete(query={"name": "Lion"}), 404)

    def test_delete_without_name_is_400(self):
        self.create(name="Lion")
        self.assertError(delete(), 400, "name")
        self.assertEqual(len(self.stored_rows()), 1)

    def test_delete_with_empty_object_body_is_400(self):
        self.assertError(delete(body={}), 400, "name is required")

    def test_delete_with_non_string_name_is_400(self):
        self.assertError(delete(body={"name": 7}), 400, "name must be a string")

    def test_delete_with_empty_query_name_is_400(self):
        self.assertError(delete(query={"name": ""}), 400, "name must not be empty")

    def test_delete_with_unknown_field_is_400(self):
        self.create(name="Lion")
        self.assertError(delete(body={"name": "Lion", "force": True}), 400, "force")
        self.assertEqual(len(self.stored_rows()), 1)

    def test_delete_with_invalid_json_is_400(self):
        self.assertError(delete(body="{name: Lion}"), 400, "JSON")

    def test_delete_with_conflicting_names_is_400(self):
        self.create(name="Lion")
        self.create(name="Tiger")
        self.assertError(delete(body={"name": "Lion"}, query={"name": "Tiger"}), 400, "differ")
        self.assertEqual(len(self.stored_rows()), 2)


class EventShapeTest(AnimalsTestCase):
    def test_minimal_event_without_optional_keys(self):
        self.create(name="Lion")
        payload = self.assertResponse(get_animals.handler({"httpMethod": "GET"}, None), 200)
        self.assertEqual([row["name"] for row in payload], ["Lion"])

    def test_error_bodies_are_json_objects_with_error_only(self):
        result = post("nope")
        self.assertEqual(json.loads(result["body"]).keys(), {"error"})


if __name__ == "__main__":
    unittest.main()
