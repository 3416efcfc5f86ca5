"""The benchmark reads wrk's report right (the figures in docs/performance.md come from it)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"
spec = importlib.util.spec_from_file_location("bench", SCRIPT)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.81ms    2.31ms  45.10ms   87.12%
    Req/Sec     1.39k   120.33     1.62k    71.00%
  Latency Distribution
     50%    5.40ms
     75%    6.52ms
     90%    8.11ms
     99%    1.23s
  27712 requests in 10.01s, 312.45MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:   2768.52
Transfer/sec:     31.21MB
"""


def test_wrk_report_is_read_with_units_and_errors():
    assert bench.parse_wrk(WRK_OUTPUT) == {"rps": 2768.52, "p50": 0.0054, "p99": 1.23, "errors": 12}


def test_a_clean_run_has_no_errors():
    clean = WRK_OUTPUT.replace("  Socket errors: connect 0, read 3, write 0, timeout 2\n", "").replace(
        "  Non-2xx or 3xx responses: 7\n", ""
    )
    assert bench.parse_wrk(clean)["errors"] == 0
    assert bench._seconds("850us") == 0.00085


def _measured(*sizes, label="new"):
    parts = ["## Measured by `make bench`", "", f"{label} run."]
    for size in sizes:
        for mode in ("cached", "cold"):
            parts += ["", f"### {size:,} articles on postgresql, {mode}", "", f"| {label} {size} {mode} |"]
    return "\n".join(parts) + "\n"


def test_a_run_of_one_size_replaces_its_own_tables_and_keeps_the_others(tmp_path):
    report = tmp_path / "performance.md"
    report.write_text("# Performance\n\nFindings written by hand.\n\n" + _measured(1000, 100000, label="old"))
    bench.write_report(_measured(100000), str(report))
    text = report.read_text()
    assert text.startswith("# Performance\n\nFindings written by hand.\n\n## Measured by `make bench`\n\nnew run.")
    assert "| old 1000 cached |" in text and "| old 1000 cold |" in text
    assert "old 100000" not in text and "| new 100000 cached |" in text and "| new 100000 cold |" in text
    assert text.index("### 1,000 articles") < text.index("### 100,000 articles")
    bench.write_report(_measured(1000000), str(report))
    assert report.read_text().count("### ") == 6
