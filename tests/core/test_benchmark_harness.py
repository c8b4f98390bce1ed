"""The benchmark harness builds only the demo data the chosen scenarios read."""

from benchmarks.harness import EVERY_MODULE, Scenario, modules_needed, scenario


def _registered(name, **options):
    from benchmarks import harness

    scenario(name, "test scenario", **options)(lambda ctx: None)
    try:
        return harness.REGISTRY[name]
    finally:
        del harness.REGISTRY[name]


def test_a_scenario_needs_its_own_module_by_default_and_can_name_others():
    assert _registered("supplies.test_only").needs == frozenset({"supplies"})
    assert _registered("reports.test_cross", needs=("supplies", "equipment")).needs == {"supplies", "equipment"}
    assert _registered("overview.test_all", needs=EVERY_MODULE).needs is None


def test_the_modules_of_a_run_are_the_union_or_every_module():
    def found(needs):
        return Scenario("x.y", "", lambda ctx: None, needs=needs)

    assert modules_needed([found(frozenset({"supplies"})), found(frozenset({"equipment", "supplies"}))]) == [
        "equipment",
        "supplies",
    ]
    assert modules_needed([found(frozenset({"supplies"})), found(None)]) is None


def test_a_kept_data_directory_is_reused_only_for_the_demo_data_it_holds(tmp_path):
    import json

    import pytest
    from benchmarks.environment import MARKER, Environment

    kept = Environment(kept_dir=tmp_path)
    assert kept._kept_demo_covers(["supplies"]) is False  # empty: build it
    (tmp_path / MARKER).write_text(json.dumps({"modules": ["equipment", "supplies"]}))
    assert kept._kept_demo_covers(["supplies"]) is True
    with pytest.raises(RuntimeError, match="not of frontdesk"):
        kept._kept_demo_covers(["frontdesk"])
    (tmp_path / MARKER).unlink()
    (tmp_path / "backoffice.sqlite3").write_bytes(b"")
    with pytest.raises(RuntimeError, match="not built by the benchmarks"):
        kept._kept_demo_covers(["supplies"])
    assert Environment()._kept_demo_covers(["supplies"]) is False
    with pytest.raises(ValueError, match="cannot be used with PostgreSQL"):
        Environment("postgres://x/y", kept_dir=tmp_path)
