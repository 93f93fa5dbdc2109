"""The name tables' snapshot is Faker's en_US tables, name for name and weight for weight: a
Faker upgrade that changes them fails here until the snapshot is rewritten
(`python -m simulator.scenario.name_tables --write`)."""

import subprocess
import sys

from simulator.scenario.name_tables import TABLES, name_tables, tables_from_faker


def test_the_snapshot_is_fakers_tables() -> None:
    snapshot, faker = name_tables(), tables_from_faker()
    for table in TABLES:
        assert snapshot[table] == faker[table], table
    assert len(snapshot["last_names"]) >= 500


def test_serving_the_default_world_does_not_import_faker() -> None:
    code = (
        "import sys\n"
        "from simulator.app import Settings, build_app\n"
        "build_app(Settings())\n"
        "print('faker' in sys.modules)\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert answer.stdout.strip() == "False"
