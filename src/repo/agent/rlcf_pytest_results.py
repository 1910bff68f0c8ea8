"""rlcf's pytest result channel for repository tasks (loaded with `-p rlcf_pytest_results`).

pytest -rA prints its results on stdout, where the code under test prints too: a test that prints
"PASSED tests/test_x.py::test_y" would be read as a result by a log parser. This plugin writes the
same short-summary lines (same statuses and order as -rA: PASSED, SKIPPED, XFAIL, XPASS, ERROR,
FAILED, so that the last line per test wins as it does in swebench's parsers) to descriptor
RLCF_RESULT_FD, a pipe the host reads separately from the output, when the session ends. A process
that dies before that reports nothing (every expected test is then missing, hence failed).
"""
import os

_fd = None
_reports = {}
# (RLCF-REPEAT: one line per repetition of rlcf_synth_repeat, `pass|fail id`; no log parser reads it)
_order = ("RLCF-REPEAT", "PASSED", "SKIPPED", "XFAIL", "XPASS", "ERROR", "FAILED")


def pytest_configure(config):
    global _fd
    v = os.environ.pop("RLCF_RESULT_FD", None)
    if v is not None:
        _fd = int(v)
        # processes the tests start do not inherit the channel
        os.set_inheritable(_fd, False)


def _add(status, nodeid):
    _reports.setdefault(status, []).append(nodeid)


def _skip(report):
    # -rA lists skips as "SKIPPED [count] path:line: reason", not by test id (swebench's parsers
    # then skip those lines: a skipped test is missing from the status map)
    lr = report.longrepr
    if isinstance(lr, tuple) and len(lr) == 3:
        path, lineno, reason = lr
        _add("SKIPPED", f"[1] {path}:{lineno + 1}: {reason}")
    else:
        _add("SKIPPED", f"[1] {report.nodeid}")


def pytest_runtest_logreport(report):
    # pytest's terminal reporter categories (TerminalReporter.pytest_runtest_logreport / short summary)
    wasxfail = hasattr(report, "wasxfail")
    if report.when == "call":
        if report.passed:
            _add("XPASS" if wasxfail else "PASSED", report.nodeid)
        elif report.skipped:
            _add("XFAIL", report.nodeid) if wasxfail else _skip(report)
        elif report.failed:
            _add("XPASS" if wasxfail else "FAILED", report.nodeid)
    elif report.failed:
        _add("ERROR", report.nodeid)
    elif report.skipped:
        _add("XFAIL", report.nodeid) if wasxfail else _skip(report)


def pytest_collectreport(report):
    if report.failed:
        _add("ERROR", report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _fd is None:
        return
    lines = []
    for status in _order:
        for nodeid in _reports.get(status, []):
            lines.append(f"{status} {nodeid}\n")
    data = "".join(lines).encode("utf-8", "replace")
    while data:
        n = os.write(_fd, data)
        data = data[n:]
    os.close(_fd)
