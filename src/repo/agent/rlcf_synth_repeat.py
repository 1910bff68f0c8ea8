"""pytest plugin for `rlcf repo synth`'s re-check of a bug (`-p rlcf_synth_repeat`): runs only the
tests named with --rlcf-only, each --rlcf-repeat times in a row in the same process (setup, call,
teardown every time, each reported), so that a test whose failure depends on the clock or on
randomness gets that many chances to pass. Ids are pytest node ids (the FAIL_TO_PASS list)."""
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


def pytest_runtest_protocol(item, nextitem):
    n = item.config.getoption("rlcf_repeat")
    if n <= 1:
        return None
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for _ in range(n):
        # as pytest-rerunfailures does: a fresh fixture request, full teardown after every run
        if hasattr(item, "_initrequest"):
            item._initrequest()
        runtestprotocol(item, nextitem=nextitem, log=True)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True
