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
