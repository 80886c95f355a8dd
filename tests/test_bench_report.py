"""How `make bench` judges what grows with the history, on figures made up for the purpose.

The growth target compares a page rendered anew at ten years with the same page at one
year of the same generator (the same windows, full); the demo's ratio is reported beside
it, not judged, as its pages hold fewer rows.
"""

import datetime

from bench import run


def figures(p50: float, rps: float = 100.0, share: float = 0.9) -> dict:
    return {"rps": rps, "p50": p50, "p99": p50 * 1.5, "errors": 0, "share": share}


def data_set(rendered_p50: dict[str, float]) -> dict:
    pages = {"bare": figures(10.0, rps=400.0, share=1.0)}
    for name, p50 in rendered_p50.items():
        pages[name] = {**figures(20.0, rps=380.0, share=0.95), "rendered": figures(p50)}
    return {
        "seed_seconds": 3.0,
        "pages": pages,
        "prepared": {
            "queries": {name: {"secretariat": (200, 5)} for name in rendered_p50},
            "served_queries": {name: {"secretariat": 2} for name in rendered_p50},
            "pages": [{"name": name, "role": "secretariat"} for name in rendered_p50],
            "size": {"meetings": 40},
            "meeting": {"title": "Principals' meeting", "items": 10},
            "explain": {},
        },
    }


def results() -> dict:
    # The queue shows no topic in the demo, twenty at one year and at ten years.
    return {
        "demo": data_set({"queue": 40.0, "register": 80.0}),
        "1y": data_set({"queue": 80.0, "register": 84.0}),
        "scale": data_set({"queue": 84.0, "register": 110.0}),
    }


def growth_checks(checks) -> dict[str, tuple[bool, str]]:
    return {what: (ok, fig) for what, ok, fig in checks if "rendered anew" in what}


def test_growth_is_judged_against_one_year_of_the_same_history():
    checks = growth_checks(run.evaluate(results(), quick=False))

    # 84 ms against 80 at one year: within 1.2 times, though twice the demo's empty queue.
    assert checks["queue: p50 rendered anew, ten years ≤ 1.2× 1y"] == (
        True,
        "1.05× (84 vs 80 ms)",
    )
    # 110 ms against 84: the history alone costs 31 %, which the target refuses.
    assert checks["register: p50 rendered anew, ten years ≤ 1.2× 1y"] == (
        False,
        "1.31× (110 vs 84 ms)",
    )
    assert len(checks) == 2  # nothing judged against the demo


def test_the_report_gives_both_ratios_and_says_which_is_judged():
    data = results()
    text = run.report(
        data,
        run.evaluate(data, quick=False),
        quick=False,
        started=datetime.datetime(2026, 12, 2, 1, 30, tzinfo=datetime.UTC),
    )

    rendered = text.split("### Rendered anew", 1)[1]
    header = next(line for line in rendered.splitlines() if line.startswith("| page |"))
    assert header.endswith("| p50 scale/demo | p50 scale/1y |")
    queue = next(line for line in rendered.splitlines() if line.startswith("| queue |"))
    assert queue.endswith("| 2.10 | 1.05 |")
    assert "## Targets: 9 of 10 met" in text
    assert "| register: p50 rendered anew, ten years ≤ 1.2× 1y | **no** |" in text


def test_a_page_the_short_history_lacks_is_not_judged():
    # The retreat, about a year back, is not in the short history in early January.
    data = results()
    data["scale"]["pages"]["meeting, 30 items"] = data["scale"]["pages"]["queue"]

    checks = growth_checks(run.evaluate(data, quick=False))

    assert "meeting, 30 items: p50 rendered anew, ten years ≤ 1.2× 1y" not in checks
    assert len(checks) == 2


def test_the_quick_run_fails_on_a_failed_request_and_judges_no_growth():
    demo_only = {"demo": results()["demo"]}
    demo_only["demo"]["pages"]["queue"]["rendered"]["errors"] = 3

    checks = run.evaluate(demo_only, quick=True)

    assert [(what, fig) for what, ok, fig in checks if not ok] == [
        ("no failed request (demo)", "3 failed")
    ]
    assert growth_checks(checks) == {}


def test_each_data_set_has_a_database_beside_the_named_one():
    urls = run.database_urls("postgres://postgres@127.0.0.1:5432/gmg_bench")

    assert urls == {
        "demo": "postgres://postgres@127.0.0.1:5432/gmg_bench_demo",
        "1y": "postgres://postgres@127.0.0.1:5432/gmg_bench_1y",
        "scale": "postgres://postgres@127.0.0.1:5432/gmg_bench_scale",
    }
