// Security battery: untrusted code attacks the sandbox. Every attack must be contained with the
// right verdict, leave the host untouched, and the next task on the same slot must run clean.
// The sandbox under attack has ONE slot, so consecutive tasks land on the same agent; the agent
// must also never be killed or replaced by an attack (its start time is checked after each one).
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync,
  symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CompileCache } from '../src/sandbox/compile-cache.js';
import type { Sandbox } from '../src/sandbox/engine.js';
import type { Limits, Submission, Verdict } from '../src/sandbox/types.js';
import { wallFor } from '../src/sandbox/limits.js';
import { report } from './adversarial-helpers.js';
import { makeSandbox } from './helpers.js';

const CANARY = `canary-${process.pid}-${Math.random().toString(36).slice(2)}`;
const PWNED = `rlcf-pwned-${process.pid}`;

// The whole battery runs twice: on the agent's C hot path (the default wherever gcc and the
// interpreter's headers exist, as on CI) and, from security-python-path.test.ts, on the Python steps
// an agent falls back to without them.
const FAST_PATH = process.env.RLCF_TEST_PYTHON_FAST_PATH !== 'off';
let sb: Sandbox;
let agentStart = '';
const cleanup: (() => void)[] = [];

function run(language: Submission['language'], source: string, limits?: Partial<Limits>, extra: Partial<Submission> = {}): Promise<Verdict> {
  return sb.run({ language, source, limits, ...extra });
}
const py = (source: string, limits?: Partial<Limits>) => run('python', source, limits);


/** What a task sees of its slot: processes other than init, the agent and itself; /tmp entries;
 * SysV IPC objects; and the agent's start time (changes if the agent was killed and respawned). */
const PROBE = `
import os, json
me, agent = os.getpid(), os.getppid()
others = [int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, agent, me)]
def ipc(k):
    with open('/proc/sysvipc/' + k) as f:
        return len(f.read().splitlines()) - 1
stat = open('/proc/%d/stat' % agent).read().rsplit(')', 1)[1].split()
print(json.dumps({'others': others, 'tmp': sorted(os.listdir('/tmp')), 'cwd': os.path.basename(os.getcwd()),
                  'ipc': ipc('shm') + ipc('msg') + ipc('sem'), 'agent_start': stat[19], 'uid': os.getuid()}))
`;

/** The next task on the (single) slot: fast, alone, nothing left over, same agent. */
async function expectCleanSlot(): Promise<void> {
  const v = await py(PROBE);
  expect(v.status, v.stderr).toBe('ok');
  const r = report(v);
  expect(r.others, 'leftover processes from an earlier task').toEqual([]);
  expect(r.tmp, 'leftover files in the slot /tmp').toEqual([r.cwd]);
  expect(r.ipc, 'leftover SysV IPC objects').toBe(0);
  expect(r.agent_start, 'the slot agent was killed and replaced').toBe(agentStart);
  expect(r.uid).toBe(65534);
  expect(v.wall_ms).toBeLessThan(5000); // the probe did not wait on anything left behind
}

beforeAll(async () => {
  process.env.RLCF_SECRET_CANARY = CANARY; // before the sandbox (and its agents) exist
  sb = await makeSandbox({ slots: 1, pythonFastPath: FAST_PATH });
  const v = await py(PROBE);
  expect(v.status, v.stderr).toBe('ok');
  agentStart = report(v).agent_start;
});

afterAll(async () => {
  await sb?.close();
  for (const f of cleanup) f();
  delete process.env.RLCF_SECRET_CANARY;
});

// After each attack the sandbox still serves.
afterEach(async () => {
  const v = await py('print(1)');
  expect(v.status, `${v.message} ${v.stderr}`).toBe('ok');
  expect(v.stdout).toBe('1\n');
});

test('every isolation control is applied on this host (otherwise the battery proves nothing)', () => {
  expect(sb.mode).toBe('bwrap');
  expect(sb.controlsMissing).toEqual([]);
});

test(`the agent runs its per-task steps ${FAST_PATH ? 'in C (rlcf_fast)' : 'in Python (the fallback)'}`, async () => {
  const fast = (await sb.slots[0].info()).fast;
  if (FAST_PATH) expect(fast).toBe('on');
  else expect(fast).toMatch(/^off: disabled/);
});

describe('identity', () => {
  test('tasks run as uid/gid 65534 with no capabilities, no_new_privs and seccomp', async () => {
    const v = await py(`
import os, json
st = dict(l.split(':', 1) for l in open('/proc/self/status'))
print(json.dumps({k: st[k].split() for k in ('Uid', 'Gid', 'CapEff', 'CapPrm', 'CapAmb', 'NoNewPrivs', 'Seccomp', 'Seccomp_filters') if k in st}
                 | {'groups': os.getgroups()}))
`);
    const r = report(v);
    expect(r.Uid).toEqual(['65534', '65534', '65534', '65534']);
    expect(r.Gid).toEqual(['65534', '65534', '65534', '65534']);
    for (const k of ['CapEff', 'CapPrm', 'CapAmb']) expect(BigInt(`0x${r[k][0]}`), k).toBe(0n);
    expect(r.NoNewPrivs).toEqual(['1']);
    expect(r.Seccomp).toEqual(['2']);
    // the sandbox-wide filter and the task filter, both inherited from the agent (kernel >= 5.9 says)
    if (r.Seccomp_filters) expect(r.Seccomp_filters).toEqual(['2']);
    expect(r.groups).toEqual([]);
  });

  test('the only network interface is lo', async () => {
    const v = await py(`
import socket, json
print(json.dumps([n for _, n in socket.if_nameindex()]))
`);
    expect(report(v)).toEqual(['lo']);
  });
});

describe('network', () => {
  let tcp: Server;
  let tcpPort = 0;
  let tcpConnections = 0;
  let udp: UdpSocket;
  let udpPort = 0;
  let udpPackets = 0;
  let unixServer: Server;
  let abstractServer: Server;
  let unixConnections = 0;
  const unixPath = join(tmpdir(), `rlcf-sec-${process.pid}.sock`);
  const abstractName = `\0rlcf-sec-${process.pid}`;

  beforeAll(async () => {
    tcp = createServer((s) => {
      tcpConnections++;
      s.destroy();
    });
    // all interfaces: the sandbox must reach neither loopback nor the host's own addresses
    await new Promise<void>((r) => tcp.listen(0, '0.0.0.0', r));
    tcpPort = (tcp.address() as { port: number }).port;
    udp = createSocket('udp4');
    udp.on('message', () => udpPackets++);
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    udpPort = udp.address().port;
    rmSync(unixPath, { force: true });
    unixServer = createServer((s) => {
      unixConnections++;
      s.destroy();
    });
    await new Promise<void>((r) => unixServer.listen(unixPath, r));
    abstractServer = createServer((s) => {
      unixConnections++;
      s.destroy();
    });
    await new Promise<void>((r) => abstractServer.listen(abstractName, r));
  });

  afterAll(async () => {
    tcp?.close();
    udp?.close();
    unixServer?.close();
    abstractServer?.close();
    rmSync(unixPath, { force: true });
  });

  test('the test servers are reachable from the host (the probes below can fail)', async () => {
    for (const target of [{ port: tcpPort, host: '127.0.0.1' }, { path: unixPath }]) {
      await new Promise<void>((resolve, reject) => {
        const s = connect(target as never, () => {
          s.destroy();
          resolve();
        });
        s.on('error', reject);
      });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(tcpConnections).toBe(1);
    expect(unixConnections).toBe(1);
    tcpConnections = 0;
    unixConnections = 0;
  });

  test('TCP to a real server on host loopback and on the host addresses fails', async () => {
    const hostIps = Object.values(networkInterfaces()).flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal).map((i) => i!.address);
    const v = await py(`
import socket, json
out = {}
for ip in ${JSON.stringify(['127.0.0.1', ...hostIps])}:
    try:
        socket.create_connection((ip, ${tcpPort}), timeout=1).close()
        out[ip] = 'CONNECTED'
    except OSError as e:
        out[ip] = type(e).__name__
print(json.dumps(out))
`);
    expect(v.status).toBe('ok');
    const r = report(v);
    expect(r['127.0.0.1']).toBe('ConnectionRefusedError'); // the sandbox's own, empty loopback
    for (const ip of hostIps) expect(r[ip], ip).not.toBe('CONNECTED');
    expect(tcpConnections).toBe(0);
  });

  test('UDP to a host loopback port never arrives', async () => {
    const v = await py(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(20):
    try:
        s.sendto(b'exfiltrate', ('127.0.0.1', ${udpPort}))
    except OSError:
        pass
print('sent')
`);
    expect(v.status).toBe('ok');
    await new Promise((r) => setTimeout(r, 200));
    expect(udpPackets).toBe(0);
  });

  test('DNS resolution fails and there is no resolver configuration', async () => {
    const v = await py(`
import socket, os, json
try:
    socket.getaddrinfo('example.com', 80)
    res = 'RESOLVED'
except OSError as e:
    res = type(e).__name__
print(json.dumps({'dns': res, 'resolv': os.path.exists('/etc/resolv.conf'), 'hosts': os.path.exists('/etc/hosts')}))
`);
    const r = report(v);
    expect(r.dns).toBe('gaierror');
    expect(r.resolv).toBe(false);
  });

  test('a unix socket file and an abstract socket of the host are unreachable', async () => {
    const v = await py(`
import socket, json
out = {}
for name, addr in (('file', ${JSON.stringify(unixPath)}), ('abstract', ${JSON.stringify(abstractName)})):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(addr)
        out[name] = 'CONNECTED'
    except OSError as e:
        out[name] = type(e).__name__
print(json.dumps(out))
`);
    const r = report(v);
    expect(r.file).toBe('FileNotFoundError');
    expect(r.abstract).toBe('ConnectionRefusedError');
    await new Promise((r2) => setTimeout(r2, 50));
    expect(unixConnections).toBe(0);
    await expectCleanSlot();
  });
});

describe('host secrets', () => {
  test('/etc/shadow is not there and /root shows no host file', async () => {
    const hostRootFiles = readdirSync('/root').filter((n) => lstatSync(join('/root', n)).isFile());
    const v = await py(`
import os, json
out = {}
try:
    out['shadow'] = open('/etc/shadow').read()
except OSError as e:
    out['shadow'] = type(e).__name__
try:
    out['root'] = os.listdir('/root')
except OSError as e:
    out['root'] = type(e).__name__
out['etc'] = os.listdir('/etc')
print(json.dumps(out))
`);
    const r = report(v);
    expect(['FileNotFoundError', 'PermissionError']).toContain(r.shadow);
    expect(r.etc).not.toContain('shadow');
    expect(r.etc).not.toContain('passwd');
    if (Array.isArray(r.root)) {
      // only the directories of bound toolchains (e.g. /root/.pyenv) may exist on the way to them
      for (const f of hostRootFiles) expect(r.root, `/root/${f} visible`).not.toContain(f);
    }
  });

  test("the host's environment does not reach the task", async () => {
    const v = await py(`
import os, json
print(json.dumps(dict(os.environ)))
`);
    const env = report(v);
    expect(env.RLCF_SECRET_CANARY).toBeUndefined();
    expect(JSON.stringify(env)).not.toContain(CANARY);
    expect(Object.keys(env).sort()).toEqual(['HOME', 'LANG', 'PATH', 'PYTHONHASHSEED', 'TMPDIR']);
  });

  test('own pid namespace: only the agent (its init, PID 1) and the task are visible; no host process', async () => {
    const v = await py(`
import os, json
procs = {}
for p in os.listdir('/proc'):
    if p.isdigit():
        try:
            procs[p] = open('/proc/%s/cmdline' % p, 'rb').read().decode(errors='replace')
        except OSError as e:
            procs[p] = type(e).__name__
print(json.dumps({'procs': procs, 'me': os.getpid(), 'agent': os.getppid()}))
`);
    const r = report(v);
    const pids = Object.keys(r.procs).map(Number).sort((a, b) => a - b);
    expect(pids).toEqual([r.agent, r.me].sort((a, b) => a - b));
    expect(r.agent).toBe(1);
    const all = JSON.stringify(r.procs);
    expect(all).not.toContain('vitest');
    expect(all).not.toContain(CANARY);
  });

  test("another task's directory is gone", async () => {
    const a = await py(`
import os
open('secret.txt', 'w').write('task-A-secret')
print(os.path.abspath('secret.txt'))
`);
    expect(a.status).toBe('ok');
    const path = a.stdout.trim();
    expect(path).toMatch(/^\/tmp\/[tc]\d+\/secret\.txt$/);
    const b = await py(`
import os, json
try:
    r = open(${JSON.stringify(path)}).read()
except OSError as e:
    r = type(e).__name__
print(json.dumps({'read': r, 'tmp': os.listdir('/tmp')}))
`);
    expect(report(b).read).toBe('FileNotFoundError');

  });

  test('files a task leaves outside its directory do not reach the next task; IPC objects cannot be made at all', async () => {
    // IPC objects outlive the process that made them: SysV shared memory, message queues and
    // semaphores and POSIX message queues are refused by the seccomp filter (EPERM)
    const a = await py(`
import ctypes, os, json
open('/tmp/leak.txt', 'w').write('from-A')
with open('/tmp/hog', 'wb') as f:
    for _ in range(60):
        f.write(b'\\0' * (1 << 20))
libc = ctypes.CDLL(None, use_errno=True)
def call(f, *a):
    r = f(*a)
    return [r, ctypes.get_errno() if r == -1 else 0]
print(json.dumps({'shm': call(libc.shmget, 0x5EC, 1 << 20, 0o1666), 'msg': call(libc.msgget, 0x5ED, 0o1666),
                  'sem': call(libc.semget, 0x5EE, 1, 0o1666),
                  'mq': call(libc.mq_open, b'/rlcf-leak', os.O_CREAT | os.O_RDWR, 0o666, None)}))
`);
    expect(a.status, a.stderr).toBe('ok');
    expect(report(a)).toEqual({ shm: [-1, 1], msg: [-1, 1], sem: [-1, 1], mq: [-1, 1] });
    const b = await py(`
import os, json
print(json.dumps({'tmp': [n for n in os.listdir('/tmp') if n != os.path.basename(os.getcwd())]}))
`);
    expect(report(b)).toEqual({ tmp: [] });
    await expectCleanSlot();
  });
  test('a directory tree deeper than the recursion limit, made unreadable, is still removed', async () => {
    const v = await py(`
import os
os.mkdir('/tmp/deep')
os.chdir('/tmp/deep')
for i in range(3000):
    os.mkdir('d')
    os.chdir('d')
open('secret', 'w').write('deep-secret')
os.chdir('/tmp')
os.mkdir('locked')
open('locked/x', 'w').write('1')
os.chmod('locked', 0)
os.chmod('deep', 0o100)
print('built')
`);
    expect(v.status, v.stderr).toBe('ok');
    await expectCleanSlot();
  });
});

describe('/proc snooping and attacks on the agent', () => {
  test('environ and mem of init and the agent are unreadable; no readable environ holds the canary', async () => {
    const v = await py(`
import os, json
agent = os.getppid()
out = {}
for label, name in (('/proc/1/environ', '/proc/1/environ'), ('/proc/AGENT/environ', '/proc/%d/environ' % agent),
                    ('/proc/AGENT/mem', '/proc/%d/mem' % agent), ('/proc/1/mem', '/proc/1/mem'),
                    ('/proc/AGENT/fd/1', '/proc/%d/fd/1' % agent), ('/proc/AGENT/fd/0', '/proc/%d/fd/0' % agent)):
    try:
        with open(name, 'rb') as f:
            f.read(64)
        out[label] = 'READ'
    except OSError as e:
        out[label] = type(e).__name__
try:
    open('/proc/%d/fd/1' % agent, 'wb').write(b'{"id": 1, "forged": true}\\n')
    out['forge'] = 'WROTE'
except OSError as e:
    out['forge'] = type(e).__name__
texts = []
for p in os.listdir('/proc'):
    for f in ('environ', 'cmdline'):
        try:
            texts.append(open('/proc/%s/%s' % (p, f), 'rb').read().decode(errors='replace'))
        except OSError:
            pass
out['texts'] = texts
out['fds'] = sorted(os.listdir('/proc/self/fd'))
print(json.dumps(out))
`);
    const r = report(v);
    // (the agent is the namespace's PID 1: /proc/1 is /proc/AGENT)
    for (const k of ['/proc/1/environ', '/proc/AGENT/environ', '/proc/AGENT/mem', '/proc/1/mem', '/proc/AGENT/fd/1', '/proc/AGENT/fd/0']) {
      expect(r[k], k).toBe('PermissionError');
    }
    expect(r.forge).toBe('PermissionError');
    expect(JSON.stringify(r.texts)).not.toContain(CANARY);
    expect(JSON.stringify(r.texts)).not.toContain('RLCF_SECRET');
    // stdio, the verdict status pipe (3) and the directory being listed: no agent descriptor leaks
    expect(r.fds.length).toBeLessThanOrEqual(5);
  });

  test('signalling the agent, init or everyone fails with EPERM; the agent lives on', async () => {
    const v = await py(`
import os, signal, ctypes, json
libc = ctypes.CDLL(None, use_errno=True)
agent = os.getppid()
pg = os.getpgid(agent)
def sc(nr, *a):
    r = libc.syscall(nr, *a)
    if r < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
attacks = {
    'kill_ppid': lambda: os.kill(agent, signal.SIGKILL),
    'stop_ppid': lambda: os.kill(agent, signal.SIGSTOP),
    'kill_init': lambda: os.kill(1, signal.SIGKILL),
    'kill_all': lambda: os.kill(-1, signal.SIGKILL),
    'killpg_agent': lambda: os.killpg(pg, signal.SIGKILL),
    'kill_neg_agent': lambda: os.kill(-agent, signal.SIGKILL),
    'tgkill': lambda: sc(234, agent, agent, 9),
    'tkill': lambda: sc(200, agent, 9),
    # a pidfd of the agent may be opened (the agent opens its tasks' under the same filter), not used to signal
    'pidfd_send_signal': lambda: signal.pidfd_send_signal(os.pidfd_open(agent), signal.SIGKILL),
}
out = {}
for k, f in attacks.items():
    try:
        f()
        out[k] = 'SENT'
    except OSError as e:
        out[k] = e.errno
print(json.dumps(out))
`);
    expect(v.status, v.stderr).toBe('ok');
    const r = report(v);
    for (const [k, e] of Object.entries(r)) expect(e, k).toBe(1); // EPERM
    await expectCleanSlot();
  });

  test('the agent\'s scheduling, CPU set, I/O priority and rlimits cannot be changed by a task (its next task would inherit them)', async () => {
    // same uid: without the filter's refusal a task could renice the agent, pin it to one CPU, make it
    // SCHED_IDLE or lower its hard rlimits, and every later task forked from it would run slower or
    // fail to start (a lowered hard limit cannot be raised again by the next task's own rlimits)
    const v = await py(`
import os, json, resource, ctypes, struct
libc = ctypes.CDLL(None, use_errno=True)
agent = os.getppid()
out = {}
def t(name, f):
    try:
        f()
        out[name] = 'DONE'
    except OSError as e:
        out[name] = e.errno
def sc(*a):
    if libc.syscall(*a) < 0:
        raise OSError(ctypes.get_errno(), '')
t('nice_agent', lambda: os.setpriority(os.PRIO_PROCESS, agent, 19))
t('nice_agent_group', lambda: os.setpriority(os.PRIO_PGRP, os.getpgid(agent), 19))
t('nice_user', lambda: os.setpriority(os.PRIO_USER, 0, 19))
t('nice_init', lambda: os.setpriority(os.PRIO_PROCESS, 1, 19))
t('affinity_agent', lambda: os.sched_setaffinity(agent, {0}))
t('sched_idle_agent', lambda: os.sched_setscheduler(agent, os.SCHED_IDLE, os.sched_param(0)))
t('sched_param_agent', lambda: os.sched_setparam(agent, os.sched_param(0)))
t('sched_setattr_agent', lambda: sc(314, agent, ctypes.create_string_buffer(struct.pack('IIQiIQQQ', 56, 5, 0, 0, 0, 0, 0, 0)), 0))
t('prlimit_agent', lambda: resource.prlimit(agent, resource.RLIMIT_NOFILE, (64, 64)))
t('prlimit_init', lambda: resource.prlimit(1, resource.RLIMIT_CPU, (1, 1)))
t('ioprio_agent', lambda: sc(251, 1, agent, (3 << 13) | 7))
t('ioprio_user', lambda: sc(251, 3, 0, (3 << 13) | 7))
# on itself, all of it stays allowed
t('self_nice', lambda: os.setpriority(os.PRIO_PROCESS, 0, 5))
t('self_affinity', lambda: os.sched_setaffinity(0, os.sched_getaffinity(0)))
t('self_prlimit', lambda: resource.prlimit(0, resource.RLIMIT_NOFILE, (128, 128)))
print(json.dumps(out))
`);
    expect(v.status, v.stderr).toBe('ok');
    const r = report(v);
    for (const [k, e] of Object.entries(r)) expect(e, k).toBe(k.startsWith('self_') ? 'DONE' : 1); // EPERM
    // the next task starts as any task does: nice 0, SCHED_OTHER, its own rlimits; the agent may still
    // run on every CPU (a short Python task runs on one of them, its agent's: agent-hold.test.ts)
    const w = await py(`
import os, json, resource
print(json.dumps([os.getpriority(os.PRIO_PROCESS, 0), len(os.sched_getaffinity(os.getppid())) == os.cpu_count(),
                  os.sched_getscheduler(0), resource.getrlimit(resource.RLIMIT_NOFILE)[1] > 64]))
`);
    expect(w.status, w.stderr).toBe('ok');
    expect(report(w)).toEqual([0, true, 0, true]);
    await expectCleanSlot();
  });

  test('SIGIO ownership (F_SETOWN + F_SETSIG SIGKILL) cannot be aimed at the agent', async () => {
    const v = await py(`
import os, fcntl, json, time, ctypes, struct, signal
agent = os.getppid()
out = {}
r, w = os.pipe()
fcntl.fcntl(r, 10, 9)  # F_SETSIG: SIGKILL
fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_ASYNC)
for name, target in (('pid', agent), ('pgrp', -os.getpgid(agent)), ('init', 1)):
    try:
        fcntl.fcntl(r, fcntl.F_SETOWN, target)
        out[name] = 'SET'
    except OSError as e:
        out[name] = e.errno
try:
    fcntl.fcntl(r, 15, struct.pack('ii', 1, agent))  # F_SETOWN_EX, F_OWNER_PID
    out['ex'] = 'SET'
except OSError as e:
    out['ex'] = e.errno
s, _ = __import__('socket').socketpair()
try:
    fcntl.ioctl(s, 0x8901, struct.pack('i', agent))  # FIOSETOWN
    out['ioctl'] = 'SET'
except OSError as e:
    out['ioctl'] = e.errno
fcntl.fcntl(r, fcntl.F_SETOWN, os.getpid())  # its own pid stays allowed
out['self'] = fcntl.fcntl(r, fcntl.F_GETOWN) == os.getpid()
fcntl.fcntl(r, 10, 0)  # back to SIGIO, which this task ignores
signal.signal(signal.SIGIO, signal.SIG_IGN)
print(json.dumps(out), flush=True)
os.write(w, b'x')  # the owner (this task) gets its SIGIO: ownership works, only the agent is refused
time.sleep(0.1)
`);
    expect(v.status, `${v.message} ${v.stderr}`).toBe('ok');
    expect(report(v)).toEqual({ pid: 1, pgrp: 1, init: 1, ex: 1, ioctl: 1, self: true });
    await expectCleanSlot();
  });

  test('ptrace attach, process_vm_readv and /proc/<agent>/mem are refused', async () => {
    const v = await py(`
import os, ctypes, json
libc = ctypes.CDLL(None, use_errno=True)
agent = os.getppid()
out = {}
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
out['attach'] = [libc.ptrace(16, agent, None, None), ctypes.get_errno()]  # PTRACE_ATTACH
out['seize'] = [libc.ptrace(0x4206, agent, None, None), ctypes.get_errno()]  # PTRACE_SEIZE
class iovec(ctypes.Structure):
    _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]
buf = ctypes.create_string_buffer(64)
local = iovec(ctypes.cast(buf, ctypes.c_void_p), 64)
remote = iovec(0x400000, 64)
libc.process_vm_readv.restype = ctypes.c_ssize_t
out['vm_readv'] = [libc.process_vm_readv(agent, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0), ctypes.get_errno()]
try:
    with open('/proc/%d/mem' % agent, 'rb') as f:
        f.seek(0x400000)
        f.read(16)
    out['mem'] = 'READ'
except OSError as e:
    out['mem'] = type(e).__name__
print(json.dumps(out))
`);
    const r = report(v);
    expect(r.attach).toEqual([-1, 1]);
    expect(r.seize).toEqual([-1, 1]);
    expect(r.vm_readv).toEqual([-1, 1]);
    expect(r.mem).toBe('PermissionError');
    await expectCleanSlot();
  });
});

describe('file system', () => {
  const hostTargets = ['/root', '/usr', '/etc', '/'].map((d) => join(d, PWNED));
  const hostCanary = join(tmpdir(), `rlcf-host-canary-${process.pid}`);

  beforeAll(() => {
    for (const p of hostTargets) expect(existsSync(p), p).toBe(false);
    writeFileSync(hostCanary, `host-secret-${CANARY}`);
    cleanup.push(() => rmSync(hostCanary, { force: true }));
  });

  test('/usr, /etc, /, /cache, the agent code and /root are read-only; the host is unchanged', async () => {
    const v = await py(`
import os, json
out = {}
for d in ('/usr', '/usr/bin', '/etc', '/', '/cache', '/rlcf', '/root', '/tmp/../root', '/dev', '/proc/sys/kernel'):
    p = os.path.join(d, ${JSON.stringify(PWNED)})
    try:
        with open(p, 'w') as f:
            f.write('pwned')
        out[d] = 'WROTE'
    except OSError as e:
        out[d] = type(e).__name__
for p in ('/rlcf/agent.py', '/proc/sys/kernel/hostname'):
    try:
        with open(p, 'a') as f:
            f.write('# pwned')
        out[p] = 'WROTE'
    except OSError as e:
        out[p] = type(e).__name__
print(json.dumps(out))
`);
    const r = report(v);
    expect(Object.keys(r)).toHaveLength(12);
    for (const [d, res] of Object.entries(r)) expect(['PermissionError', 'OSError', 'FileNotFoundError'], d).toContain(res);
    for (const p of hostTargets) expect(existsSync(p), p).toBe(false);
    expect(readFileSync(join(import.meta.dirname, '..', 'src', 'sandbox', 'agent', 'agent.py'), 'utf8')).not.toContain('# pwned');
  });

  test('symlinks and hardlinks to host secrets lead nowhere, in runs and in compiles', async () => {
    const v = await py(`
import os, json
out = {}
for name, target in (('shadow', '/etc/shadow'), ('root', '/root'), ('npmrc', '/root/.npmrc'),
                     ('canary', ${JSON.stringify(hostCanary)}), ('hostproc', '/proc/1/root/etc/shadow')):
    os.symlink(target, name)
    try:
        out[name] = os.listdir(name) if os.path.isdir(name) else open(name).read()
    except OSError as e:
        out[name] = type(e).__name__
for name, target in (('hl_ld', '/etc/ld.so.cache'), ('hl_py', '/usr/bin/env')):
    try:
        os.link(target, name)
        out[name] = 'LINKED'
    except OSError as e:
        out[name] = type(e).__name__
print(json.dumps(out))
`);
    const r = report(v);
    expect(r.shadow).toBe('FileNotFoundError');
    expect(r.npmrc).toBe('FileNotFoundError');
    expect(r.canary).toBe('FileNotFoundError');
    expect(r.hostproc).toBe('PermissionError');
    if (Array.isArray(r.root)) expect(r.root).not.toContain('.npmrc');
    expect(r.hl_ld).toBe('OSError'); // EXDEV: bind mounts cannot be hardlinked across
    expect(r.hl_py).toBe('OSError');
    expect(v.stdout).not.toContain('host-secret');
    // the compiler runs in the sandbox too: it cannot include host files
    const c = await run('c', `#include "${hostCanary}"\n#include "/root/.npmrc"\nint main(void){return 0;}\n`);
    expect(c.status).toBe('compile_error');
    expect(c.stderr).toMatch(/No such file or directory/);
    expect(c.stderr).not.toContain('host-secret');
    await expectCleanSlot();
  });

  test('the compile cache refuses symlinks, directories and FIFOs named like build outputs', () => {
    const base = mkdtempSync(join(tmpdir(), 'rlcf-sec-cache-'));
    cleanup.push(() => rmSync(base, { recursive: true, force: true }));
    const cache = new CompileCache(join(base, 'cache'), 1 << 30);
    const cases: [string, (dir: string) => void, string[]][] = [
      ['symlink-file', (d) => symlinkSync('/etc/passwd', join(d, 'main')), ['main']],
      ['symlink-dir', (d) => symlinkSync('/root', join(d, 'main')), ['main']],
      ['directory', (d) => mkdirSync(join(d, 'main')), ['main']],
      ['symlink-glob', (d) => symlinkSync('/etc/shadow', join(d, 'Main.class')), ['*.class']],
      ['fifo', (d) => execFileSync('mkfifo', [join(d, 'main')]), ['main']], // copying would block
    ];
    for (const [name, make, artifacts] of cases) {
      const dir = join(base, name);
      mkdirSync(dir);
      make(dir);
      const e = cache.put(`k-${name}`, dir, artifacts, true, '', 1);
      expect(e.ok, name).toBe(false);
      expect(e.message, name).toMatch(/not a regular file/);
      const stored = join(base, 'cache', cache.nameOf(`k-${name}`));
      expect(readdirSync(stored), name).toEqual(['meta.json']);
    }
    // a real regular file is taken (the refusals above are not a broken copy)
    const good = join(base, 'good');
    mkdirSync(good);
    writeFileSync(join(good, 'main'), 'ELF');
    expect(cache.put('k-good', good, ['main'], true, '', 1).ok).toBe(true);
    expect(readFileSync(join(base, 'cache', cache.nameOf('k-good'), 'main'), 'utf8')).toBe('ELF');
    // a hardlink (same inode) to a root-only file is a regular file: it must keep its mode
    const hl = join(base, 'hl');
    mkdirSync(hl);
    writeFileSync(join(base, 'secret'), 'x', { mode: 0o600 });
    linkSync(join(base, 'secret'), join(hl, 'main'));
    expect(cache.put('k-hl', hl, ['main'], true, '', 1).ok).toBe(true);
    expect(lstatSync(join(base, 'cache', cache.nameOf('k-hl'), 'main')).mode & 0o077).toBe(0);
  });

  test('disk fill: one huge file hits the file size limit, many files hit the tmpfs cap; host disk untouched', async () => {
    const before = statfsSync(tmpdir());
    const big = await py(`
with open('big', 'wb') as f:
    while True:
        f.write(b'\\0' * (1 << 20))
`, { fsize_mb: 32 });
    expect(big.status).toBe('runtime_error');
    expect(big.stderr).toMatch(/File too large/);
    const many = await py(`
import os
n = 0
try:
    for i in range(1000):
        with open('f%d' % i, 'wb') as f:
            for _ in range(30):
                f.write(b'\\1' * (1 << 20))
                n += 1
except OSError as e:
    print(type(e).__name__, e.errno, n)
`, { fsize_mb: 64, memory_mb: 512 });
    expect(many.status).toBe('ok');
    const [err, errno, mb] = many.stdout.trim().split(' ');
    expect(err).toBe('OSError');
    expect(Number(errno)).toBe(28); // ENOSPC
    expect(Number(mb)).toBeLessThanOrEqual(256);
    const after = statfsSync(tmpdir());
    expect(Math.abs(before.bfree - after.bfree) * after.bsize).toBeLessThan(64 << 20);
    // space is back: the next task can write 200 MB
    const next = await py(`
with open('again', 'wb') as f:
    for _ in range(200):
        f.write(b'\\2' * (1 << 20))
print('ok')
`, { memory_mb: 512, fsize_mb: 256 });
    expect(next.status, next.stderr).toBe('ok');
    await expectCleanSlot();
  });
});

describe('resource exhaustion', () => {
  test('python fork bomb is contained by the pids cgroup', async () => {
    const t0 = Date.now();
    const v = await py(`
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
`, { timeout_ms: 500, pids: 32 });
    expect(v.status).not.toBe('ok');
    expect(v.status).not.toBe('sandbox_error');
    expect(Date.now() - t0).toBeLessThan(2500 + 3000);
    await expectCleanSlot();
  });

  test('bash fork bomb :(){ :|:& };: via subprocess is contained', async () => {
    const t0 = Date.now();
    const v = await py(`
import subprocess
try:
    subprocess.run(['/bin/bash', '-c', ':(){ :|:& };:'], timeout=1.5)
except subprocess.TimeoutExpired:
    pass
print('parent survived')
`, { timeout_ms: 1000, pids: 32 });
    expect(['ok', 'time_limit', 'runtime_error']).toContain(v.status);
    expect(v.wall_ms).toBeLessThanOrEqual(3000 + 200);
    expect(Date.now() - t0).toBeLessThan(3000 + 3000);
    await expectCleanSlot();
  });

  test('memory bombs: python 2 GiB, C malloc+memset, node arrays at 128 MiB → memory_limit', async () => {
    const p = await py('x = bytearray(2 << 30)\nprint(len(x))', { memory_mb: 128 });
    expect(p.status).toBe('memory_limit');
    expect(p.stdout).toBe('');
    const p2 = await py('chunks = []\nwhile True:\n    chunks.append(bytearray(8 << 20))', { memory_mb: 128 });
    expect(p2.status).toBe('memory_limit');
    // C that checks malloc (xmalloc style): the RLIMIT_AS refusal is reported as memory_limit
    const c = await run('c', `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  for (;;) {
    char *p = malloc(1 << 20);
    if (!p) { fputs("out of memory\\n", stderr); abort(); }
    memset(p, 1, 1 << 20);
  }
}
`, { memory_mb: 128 });
    expect(c.status, `${c.signal} ${c.stderr}`).toBe('memory_limit');
    expect(c.memory_kb).toBeLessThanOrEqual(140 * 1024);
    // C that does not check: OOM kill by the cgroup (memory_limit) or, when RLIMIT_AS refuses
    // first, memset(NULL) -> SIGSEGV (runtime_error). Either way contained at the limit.
    const c2 = await run('c', `#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(1 << 20); memset(p, 1, 1 << 20); } }
`, { memory_mb: 128 });
    expect(['memory_limit', 'runtime_error'], `${c2.signal} ${c2.stderr}`).toContain(c2.status);
    expect(['SIGKILL', 'SIGSEGV']).toContain(c2.signal);
    expect(c2.memory_kb).toBeLessThanOrEqual(140 * 1024);
    const js = await run('javascript', 'const a = []; for (;;) a.push(new Array(1e5).fill(1.5));', { memory_mb: 128 });
    expect(js.status, `${js.signal} ${js.stderr.slice(0, 300)}`).toBe('memory_limit');
    expect(js.wall_ms).toBeLessThan(5000);
    await expectCleanSlot();
    // the memory is back: the next task gets its whole limit
    const next = await py('x = bytearray(100 << 20)\nfor i in range(0, len(x), 4096): x[i] = 1\nprint("ok")', { memory_mb: 128 });
    expect(next.status, next.stderr).toBe('ok');
  });

  test('stdout and stderr floods (50 MB) stop at output_bytes with output_limit', async () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const v = await py(`
import sys, os
chunk = 'x' * (1 << 20)
for _ in range(50):
    sys.${stream}.write(chunk)
`, { output_bytes: 64 << 10 });
      expect(v.status, stream).toBe('output_limit');
      expect(v.truncated).toBe(true);
      expect(v[`${stream}_truncated`]).toBe(true);
      expect(v[stream].length).toBe(64 << 10);
      expect(v.wall_ms).toBeLessThan(5000); // stopped at the cap, not after writing all 50 MiB
    }
    // from C, a tight write(2) loop
    const c = await run('c', `#include <unistd.h>
#include <string.h>
int main(void) { static char b[1 << 16]; memset(b, 'y', sizeof b); for (;;) write(1, b, sizeof b); }
`, { output_bytes: 64 << 10 });
    expect(c.status).toBe('output_limit');
    expect(c.stdout.length).toBe(64 << 10);
    await expectCleanSlot();
  });

  test('sleeping past the limit is a wall time limit, not blamed on the host', async () => {
    const v = await py('import time\ntime.sleep(10)', { timeout_ms: 500 });
    expect(v.status).toBe('time_limit');
    expect(v.time_limit).toMatchObject({ kind: 'wall', under_load: false });
    expect(v.cpu_ms).toBeLessThan(200);
    expect(v.wall_ms).toBeLessThan(4000);
  });

  test('a busy loop is a CPU time limit', async () => {
    const v = await py('while True:\n    pass', { timeout_ms: 1000 });
    expect(v.status).toBe('time_limit');
    expect(v.time_limit?.kind).toBe('cpu');
    expect(v.cpu_ms).toBeGreaterThanOrEqual(700); // rusage reads low on this VM under host load
    // it ended, within the wall limit the agent allows a loaded host (the base wall limit plus up
    // to three times it for time spent waiting for a CPU: rlcf_usage.py): a bound, not a speed claim
    expect(v.wall_ms).toBeLessThan(wallFor(1000) * 4);
  });

  test('4 busy threads: CPU time of all threads counts (C pthreads)', async () => {
    const v = await run('c', `#include <pthread.h>
static void *spin(void *a) { volatile unsigned long x = 0; for (;;) x++; return a; }
int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, spin, 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
}
`, { timeout_ms: 1000 }, { flags: ['-pthread'] });
    expect(v.status, v.stderr).toBe('time_limit');
    expect(v.time_limit?.kind).toBe('cpu');
    expect(v.cpu_ms).toBeGreaterThanOrEqual(700); // rusage reads low on this VM under host load
    expect(v.cpu_ms).toBeLessThan(2600);
    await expectCleanSlot();
  });

  test('a daemonised grandchild (double fork + setsid) does not outlive its task', async () => {
    const v = await py(`
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        fd = os.open('/dev/null', os.O_RDWR)
        for i in (0, 1, 2):
            os.dup2(fd, i)
        time.sleep(1.0)
        open('/tmp/daemon-was-here', 'w').write('alive')
        os._exit(0)
    os._exit(0)
os.wait()
print('parent done')
`);
    expect(v.status).toBe('ok');
    expect(v.stdout).toBe('parent done\n');
    await expectCleanSlot(); // no process left: the daemon is dead already
    // same, with a daemon that keeps the output pipe open and prints later
    const w = await py(`
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(4.0)
        print('daemon still alive', flush=True)
        open('/tmp/daemon-was-here', 'w').write('alive')
        os._exit(0)
    os._exit(0)
os.wait()
print('parent done', flush=True)
`);
    expect(w.status).toBe('ok');
    // the task did not wait for the daemon's 4 s (margin for a loaded host's slow start)
    expect(w.wall_ms).toBeLessThan(3500);
    await expectCleanSlot();
    await new Promise((r) => setTimeout(r, 4300)); // past the time the daemons would write
    const later = await py(`
import os, json
print(json.dumps(os.path.exists('/tmp/daemon-was-here')))
`);
    expect(later.stdout).not.toContain('daemon still alive');
    expect(report(later)).toBe(false);
    await expectCleanSlot();
  });

  test('a task cannot move a process into the agent\'s process group, from where kill(0) would reach the agent', async () => {
    const v = await py(`
import os, json, signal
agent = os.getppid()
out = {}
for name, target in (('self', 0), ('child', None)):
    pid = 0
    if target is None:
        pid = os.fork()
        if pid == 0:
            signal.pause()
            os._exit(0)
    try:
        os.setpgid(pid, os.getpgid(agent))
        out[name] = 'JOINED'
    except OSError as e:
        out[name] = e.errno
    if out[name] == 'JOINED' and pid == 0:
        os.kill(0, signal.SIGKILL)  # the whole group: with the agent in it
print(json.dumps(out))
`);
    expect(v.status, v.stderr).toBe('ok');
    expect(report(v)).toEqual({ self: 1, child: 1 }); // EPERM
    await expectCleanSlot(); // the agent lives on
  });

  test('a task leads a process group of its own in a session without a terminal; its leftovers die with it', async () => {
    // tasks are put in a group of their own (setpgid), not a session of their own: the agent's
    // session (bwrap --new-session, or the agent's own setsid) has no controlling terminal to reach;
    // a child that tries to move into the agent's group is refused and, left behind, dies with its task
    const v = await py(`
import os, json, time
agent = os.getppid()
out = {'own_group': os.getpgid(0) == os.getpid(), 'agent_session': os.getsid(0) == os.getsid(agent)}
try:
    os.close(os.open('/dev/tty', os.O_RDWR))
    out['tty'] = 'OPENED'
except OSError as e:
    out['tty'] = e.errno
r, w = os.pipe()
if os.fork() == 0:
    try:
        os.setpgid(0, os.getpgid(agent))
        os.write(w, b'1')
    except OSError:
        os.write(w, b'0')
    time.sleep(2.0)
    open('/tmp/joined-was-here', 'w').write('alive')
    os._exit(0)
out['joined'] = os.read(r, 1) == b'1'
print(json.dumps(out))
`);
    expect(v.status, v.stderr).toBe('ok');
    const r = report(v);
    expect(r.own_group).toBe(true);
    expect(r.agent_session).toBe(true);
    expect([6, 2]).toContain(r.tty); // ENXIO: no controlling terminal (ENOENT: no /dev/tty at all)
    // a process in the agent's group could signal it with kill(0): moving into that group is refused
    expect(r.joined).toBe(false);
    await expectCleanSlot(); // the agent lives on, nothing is left
    await new Promise((res) => setTimeout(res, 2300));
    const later = await py(`
import os, json
print(json.dumps(os.path.exists('/tmp/joined-was-here')))
`);
    expect(report(later)).toBe(false);
    await expectCleanSlot();
  });
});
