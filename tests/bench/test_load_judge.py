"""The load benchmark's verdict (bench.load.run.judge): pages are judged against the authenticated floor of the
same run (issue 25 item 1), not against absolute milliseconds."""

from __future__ import annotations

from bench.load.run import RunResult, ScenarioResult, judge, markdown


def _run(*results: ScenarioResult) -> RunResult:
    machine = {"cpus": "2", "load_before": "0.1", "python": "3.11"}
    return RunResult("now", 20, 60, 2, 1, {"employers": 40_000}, False, machine, list(results))


def _result(key: str, rps: float, p95_ms: float) -> ScenarioResult:
    return ScenarioResult(key, key, requests=1000, rps=rps, p95_ms=p95_ms)


def test_a_page_is_stated_as_a_share_of_the_floor_and_its_p95_as_a_multiple_of_the_floor_p95() -> None:
    run = _run(_result("trivial", 1000, 20), _result("floor", 200, 100), _result("caseload", 120, 150))
    judge(run)
    caseload = run.scenarios[2]
    assert (caseload.floor_share_pct, caseload.floor_p95_factor, caseload.share_pct) == (60.0, 1.5, 12.0)
    assert run.misses == []
    assert "| 12.0 % | 60 % | 1.5 x | ≥ 50 % of floor, p95 ≤ 2 x floor's | yes |" in markdown(run, "make bench-load")


def test_a_page_below_its_share_of_the_floor_or_above_its_p95_multiple_misses_both() -> None:
    run = _run(_result("floor", 200, 100), _result("case", 80, 250), _result("sickness", 70, 250))
    judge(run)
    assert run.misses == [
        "case: 40 % of the floor's throughput < 50 %",
        "case: p95 2.5 x the floor's > 2 x",
    ]


def test_without_a_floor_in_the_run_a_page_with_targets_cannot_pass() -> None:
    run = _run(_result("trivial", 1000, 20), _result("dashboard", 500, 50))
    judge(run)
    assert run.misses == ["dashboard: no floor in this run to set the targets against"]
