# What a task's rlimits are: the one place that maps the engine's rlimit names to resources, and
# says what every task gets whatever its request says and how far a hard limit lies above its soft
# one. The agent's JSON path applies it in Python (rlimit_pairs); rlcf_fast.serve applies binary
# frames' rlimits without Python, from the same knowledge handed over as data (frame_rlimits).
import resource
import struct

RLIMITS = {
    'cpu_s': resource.RLIMIT_CPU, 'as_bytes': resource.RLIMIT_AS,
    'fsize_bytes': resource.RLIMIT_FSIZE, 'nofile': resource.RLIMIT_NOFILE,
    'nproc': resource.RLIMIT_NPROC, 'stack_bytes': resource.RLIMIT_STACK,
}


# what every task gets whatever its request says, and how far a hard limit lies above its soft one
FIXED_RLIMITS = [(resource.RLIMIT_CORE, (0, 0))]
HARD_ABOVE_SOFT = {'cpu_s': 1}  # SIGXCPU at the soft limit, SIGKILL 1 s later


def rlimit_pair(key, lim):
    """(resource, (soft, hard)) of one named rlimit; None for a name this agent does not know."""
    r = RLIMITS.get(key)
    if r is None or lim is None:
        return None
    return r, (lim, lim if lim == resource.RLIM_INFINITY else lim + HARD_ABOVE_SOFT.get(key, 0))


def rlimit_pairs(req):
    """The task's rlimits as (resource, (soft, hard)) pairs, worked out before the fork."""
    pairs = list(FIXED_RLIMITS)
    for key, lim in (req.get('rlimits') or {}).items():
        p = rlimit_pair(key, lim)
        if p is not None:
            pairs.append(p)
    return pairs


def frame_rlimits(names):
    """The same knowledge as data for rlcf_fast.serve, which applies a binary frame's rlimits
    without Python: FIXED_RLIMITS as records, and per rlimit the frame carries (`names`, in its
    order: the engine's config, agent-client.ts BINARY_RLIMITS) the resource and how far its hard
    limit lies above the soft one."""
    unknown = [k for k in names if k not in RLIMITS]
    if unknown:
        raise ValueError('agent config: binary_rlimits names rlimits this agent does not know: %s' % unknown)
    return rlimit_records(FIXED_RLIMITS), b''.join(struct.pack('=qq', RLIMITS[k], HARD_ABOVE_SOFT.get(k, 0)) for k in names)


def rlimit_records(pairs):
    """The rlimits as rlcf_fast.spawn takes them: (resource, soft, hard) as three int64 each."""
    return b''.join(struct.pack('=qqq', r, soft, hard) for r, (soft, hard) in pairs)
