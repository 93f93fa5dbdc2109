"""contracts/unipile-oas.facts.yaml: well-formed OpenAPI, facts only, up to date with the script."""

from __future__ import annotations

from openapi_spec_validator import validate

from simulator import oas_extract

FACTS = oas_extract.load_facts()


def test_the_facts_are_a_valid_openapi_document_with_the_85_operations() -> None:
    validate(FACTS)
    methods = {"get", "post", "put", "patch", "delete"}
    operations = [m for item in FACTS["paths"].values() for m in item if m in methods]
    assert len(operations) == 85


def test_no_prose_no_examples_no_code_samples_are_kept() -> None:
    found: list[str] = []

    def walk(node: object, path: str, names: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if not names and key in ("summary", "title", "example", "examples", "x-readme"):
                    found.append(f"{path}/{key}")
                if not names and key == "description" and value != "":
                    found.append(f"{path}/{key}")
                if key not in ("enum", "required", "default", "const"):
                    walk(value, f"{path}/{key}", key in oas_extract._NAMED_MAPS)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}/{index}", False)

    walk({k: v for k, v in FACTS.items() if k != "info"}, "", False)
    assert found == []


def test_a_property_called_description_or_title_is_a_fact_and_stays() -> None:
    search = FACTS["paths"]["/api/v1/linkedin/search"]["post"]["responses"]["200"]
    people = search["content"]["application/json"]["schema"]["properties"]["items"]["items"]
    position = people["anyOf"][0]["properties"]["current_positions"]["items"]
    assert "description" in position["properties"]
    assert "description" in position["required"]


def test_the_file_is_what_the_script_makes_from_the_published_document() -> None:
    # Facts are a fixed point of the extraction: nothing in the file is left for it to drop.
    assert oas_extract.extract(FACTS) == FACTS
    # Where the published document is beside the checkout (not in CI), the file is made from it.
    if oas_extract.DEFAULT_SOURCE.exists():
        assert oas_extract.facts_path().read_text("utf-8") == oas_extract.build(
            str(oas_extract.DEFAULT_SOURCE)
        ), "run: python -m simulator.oas_extract --write"
