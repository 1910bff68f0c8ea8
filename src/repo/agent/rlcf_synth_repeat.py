"""pytest plugin for `rlcf repo synth`'s re-check of a bug (`-p rlcf_synth_repeat`): runs only the
tests named with --rlcf-only, each --rlcf-repeat times in a row in the same process (setup, call,
teardown every time, each reported), so that a test whose failure depends on the clock or on
randomness gets that many chances to pass. Ids are pytest node ids (the FAIL_TO_PASS list).

Each repetition ends with one line `RLCF-REPEAT pass|fail <nodeid>`: a repetition passes only when
none of its reports failed. (pytest's -rA lines cannot say it: a unittest test whose subTests fail is
reported PASSED beside its FAILED subtests, once per repetition.)"""
import sys

from _pytest.runner import runtestprotocol


def pytest_addoption(parser):
    parser.addoption("--rlcf-repeat", type=int, default=1)
    parser.addoption("--rlcf-only", action="append", default=[])


def pytest_collection_modifyitems(config, items):
    only = set(config.getoption("rlcf_only"))
    if only:
        keep = [i for i in items if i.nodeid in only]
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid not in only])
        items[:] = keep


_failed = set()


def pytest_runtest_logreport(report):
    if report.failed:
        _failed.add(report.nodeid)


def pytest_runtest_protocol(item, nextitem):
    n = item.config.getoption("rlcf_repeat")
    if n <= 1:
        return None
    tr = item.config.pluginmanager.get_plugin("terminalreporter")
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for _ in range(n):
        # as pytest-rerunfailures does: a fresh fixture request, full teardown after every run
        if hasattr(item, "_initrequest"):
            item._initrequest()
        _failed.discard(item.nodeid)
        runtestprotocol(item, nextitem=nextitem, log=True)
        outcome = "fail" if item.nodeid in _failed else "pass"
        if tr is not None:
            tr.write("\nRLCF-REPEAT %s %s\n" % (outcome, item.nodeid))  # a line of its own between progress marks
        channel = sys.modules.get("rlcf_pytest_results")
        if channel is not None:
            # the result channel (a descriptor the tests cannot write to) is what the engine reads
            channel._add("RLCF-REPEAT", "%s %s" % (outcome, item.nodeid))
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True
