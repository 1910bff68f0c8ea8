// The fork floor: how fast this machine can run Python programs by forking a warm interpreter, with
// nothing else. In one bwrap sandbox, one loop per core runs compile → fork → exec in the child → _exit
// → waitpid over programs from a shared queue, in an interpreter as big as the engine's agent (the
// agent's modules and the same pre-imports, gc.freeze, CPython's threading at-fork handler off; the
// programs in a file mapping no fork copies, as the agent holds only the request it runs) —
// and without what the engine adds per task: no protocol, no pipes for output, no rlimits, no
// seccomp filter, no task directory, no clean-up, no cgroup. The engine's throughput as a fraction of
// this floor, measured in the same run, says how much of the remaining cost is ours and how much is
// the kernel's fork/copy-on-write/exit (see docs/sandbox-performance.md).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { agentDir } from '../sandbox/paths.js';
import { sandboxedPython } from './baseline.js';
import { now } from './stats.js';

export interface FloorResult {
  n: number;
  ok: number;
  seconds: number;
  execPerS: number;
  /** CPU time of the floor's processes (its loops and their children) per program, ms */
  cpuMsPerExec: number;
  /** of which the fork loops themselves (compile, fork, wait), not their children */
  loopCpuMsPerExec: number;
  /** minor page faults per program of the loops and of their children (from the loops' start) */
  faultsPerExec: [number, number];
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux build in use). */
const USER_HZ = 100;

/** CPU time (ms) of process `root` and every descendant alive now, with the children each of them
 * has reaped (utime + stime + cutime + cstime of each: a reaped process is counted in its reaper's
 * cutime, a live one in its own utime, so nothing is counted twice). Taken before and after a run,
 * the difference is what the run cost the machine, whatever else shares it: a figure that the load
 * of other jobs changes far less than wall time. */
export function treeCpuMs(root: number): number {
  const kids = new Map<number, number[]>();
  const own = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // after "pid (comm) ": state ppid ... utime(11) stime(12) cutime(13) cstime(14)
    const ppid = Number(f[1]);
    own.set(pid, Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    const list = kids.get(ppid);
    if (list) list.push(pid);
    else kids.set(ppid, [pid]);
  }
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    ticks += own.get(p) ?? 0;
    stack.push(...(kids.get(p) ?? []));
  }
  return (ticks * 1000) / USER_HZ;
}

const FLOOR_PY = `import builtins, gc, json, mmap, os, resource, struct, sys
sys.path.append('/rlcf')
import agent  # noqa: F401  (the agent's own modules: the forked interpreter is the agent's size)
from rlcf_pytask import AT_FORK_THREADING
loops = int(sys.argv[1])
for name in json.loads(sys.argv[2]):
    try:
        __import__(name)
    except Exception:
        pass
# the programs: one read-only file mapping that forks leave out (MADV_DONTFORK), not a list of
# strings: that list would make every fork and exit copy and tear down its page-table entries (a
# 3000-program list added ~3% to the floor's cost), which the agent, holding one request at a time
# outside what its tasks inherit, does not pay. Layout: u32 count, u32 offsets x (count + 1), UTF-8.
with open('/task/programs.bin', 'rb') as f:
    blob = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
n_progs = struct.unpack_from('<I', blob, 0)[0]
# a shared queue of program indices (a pipe: 4-byte reads), so that a long program does not leave
# one loop idle while the other still has a fixed share to run
q_r, q_w = os.pipe()
pending = b''.join(struct.pack('<I', i) for i in range(n_progs))
gc.collect()
gc.freeze()
inp, out = os.dup(0), os.dup(1)
null = os.open('/dev/null', os.O_RDWR)
for fd in (0, 1, 2):
    os.dup2(null, fd)
os.write(out, b'ready\\n')
os.read(inp, 1)
rep_r, rep_w = os.pipe()
for _ in range(loops):
    if os.fork() == 0:
        os.close(q_w)  # else the queue never reads as empty
        try:
            AT_FORK_THREADING.switch_off()  # as in the agent: this loop's own children skip it
            blob.madvise(mmap.MADV_DONTFORK)  # the programs are the loop's, not its children's
        except BaseException:
            os._exit(3)  # no report: the main process sees the report pipe end early
        ok = n = 0
        while True:
            rec = os.read(q_r, 4)
            if len(rec) < 4:
                break
            a, b = struct.unpack_from('<II', blob, 4 + 4 * struct.unpack('<I', rec)[0])
            code = compile(blob[a:b].decode('utf-8'), 'main.py', 'exec')
            pid = os.fork()
            if pid == 0:
                try:
                    exec(code, {'__name__': '__main__', '__builtins__': builtins})
                except BaseException:
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            ok += status == 0
            n += 1
        ru = resource.getrusage(resource.RUSAGE_SELF)
        os.write(rep_w, struct.pack('<IIdII', ok, n, ru.ru_utime + ru.ru_stime, ru.ru_minflt,
                                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt))
        os._exit(0)
os.close(rep_w)  # a loop that dies without its report ends the pipe instead of hanging the read
while pending:  # blocks while the pipe is full: the loops drain it
    pending = pending[os.write(q_w, pending):]
os.close(q_w)
ok = n = 0
loop_s = 0.0
faults = [0, 0]
for _ in range(loops):
    rec = os.read(rep_r, 24)
    if len(rec) < 24:
        sys.exit('a fork loop ended without its report')
    a, b, c, f1, f2 = struct.unpack('<IIdII', rec)
    ok, n, loop_s = ok + a, n + b, loop_s + c
    faults = [faults[0] + f1, faults[1] + f2]
    os.wait()
os.write(out, json.dumps({'ok': ok, 'n': n, 'loop_s': loop_s, 'faults': faults}).encode() + b'\\n')
# no interpreter finalization (~20-40 ms of CPU for one that imported this much): outside the
# timing, but a caller measuring its own process tree around the floor ([2f]) would be charged it
os._exit(0)
`;

/** The floor's program file (FLOOR_PY reads it): u32 count, u32 byte offsets x (count + 1), the
 * programs in UTF-8, little-endian. */
export function programsFile(programs: string[]): Buffer {
  const bodies = programs.map((p) => Buffer.from(p, 'utf8'));
  const head = Buffer.alloc(4 * (programs.length + 2));
  head.writeUInt32LE(programs.length, 0);
  let off = head.length;
  for (let i = 0; i <= programs.length; i++) {
    head.writeUInt32LE(off, 4 + 4 * i);
    if (i < programs.length) off += bodies[i].length;
  }
  return Buffer.concat([head, ...bodies]);
}

/** Runs `programs` through `concurrency` bare fork loops sharing one queue, in one sandbox; times
 * from the start signal to the report (interpreter start-up and imports are outside the timing).
 * atStart: called just before the start signal (bench:sandbox [2f] starts the engine there). */
export async function runForkFloor(programs: string[], concurrency: number, preimport: string[], atStart?: () => void): Promise<FloorResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rlcf-floor-'));
  chmodSync(dir, 0o755);
  const taskDir = join(dir, 't');
  mkdirSync(taskDir, { mode: 0o755 });
  writeFileSync(join(taskDir, 'programs.bin'), programsFile(programs), { mode: 0o644 });
  writeFileSync(join(taskDir, 'floor.py'), FLOOR_PY, { mode: 0o644 });
  let child: ChildProcess | undefined;
  try {
    const { prefix, python } = sandboxedPython([{ src: taskDir, dest: '/task' }, { src: agentDir(), dest: '/rlcf' }], 64 << 20);
    child = spawn(prefix[0], [...prefix.slice(1), python, '-I', '-S', '-B', '/task/floor.py', String(concurrency),
      JSON.stringify(preimport)], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 4000) stderr += d;
    });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const next = async (what: string): Promise<string> => {
      const r = await lines.next();
      if (r.done) throw new Error(`the fork floor ended before ${what}: ${stderr.trim().slice(0, 500)}`);
      return r.value;
    };
    await next('it was ready');
    atStart?.();
    const cpu0 = treeCpuMs(child.pid!);
    const t0 = now();
    child.stdin!.write('g');
    const report = JSON.parse(await next('its report')) as { ok: number; n: number; loop_s: number; faults: [number, number] };
    const seconds = (now() - t0) / 1000;
    const cpuMs = treeCpuMs(child.pid!) - cpu0;
    if (report.n !== programs.length) throw new Error(`the fork floor ran ${report.n} of ${programs.length} programs`);
    return { n: programs.length, ok: report.ok, seconds, execPerS: programs.length / seconds, cpuMsPerExec: cpuMs / programs.length,
      loopCpuMsPerExec: (report.loop_s * 1000) / programs.length,
      faultsPerExec: [report.faults[0] / programs.length, report.faults[1] / programs.length] };
  } finally {
    if (child) await ended(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits for the floor's sandbox to exit (it does after its report), killing it after 10 s. A
 * SIGKILL while its interpreter still runs orphans that process to init, and its CPU leaves the
 * caller's process tree: a caller measuring treeCpuMs from just before (the engine's next round in
 * bench:sandbox [2e]) then lost the floor's whole CPU from its own figure (one round read 0.42 ms
 * of engine CPU per execution, less than the floor's children alone). */
function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
