// `npm run bench:load`: `rlcf serve` under sustained hostile load (issue 18); figures, not a test.
//   1. soak: a fixed duration at 64 requests in flight of a mixed, partly hostile workload (infinite
//      loops, memory bombs, stdout floods, fork and thread bombs, unique C++ sources, requests with
//      other limits); per window: throughput, server RSS, descriptors, processes, /healthz latency;
//      per kind: latency percentiles and wrong verdicts. Clients honour 429 + Retry-After.
//   2. storm: 3,000 requests at 1,000 in flight of the same mix, no retries: how many are admitted,
//      how many are told to retry (429) and how fast, and the latency of the admitted ones.
//   3. abandonment: 200 one-second CPU loops whose clients give up after 0.2 s, and a probe sent then:
//      the probe's latency and the CPU the server's process tree spent in the window.
// The server is a child process (`node bin/rlcf.js serve --port 0`), so its figures are its own.
// Options: --soak-s <s> (default 120; the check used 360), --storm <n> (3000), --storm-conc <n>
//          (1000), --abandon <n> (200), --slots <k>, --only soak|storm|abandon
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { startServer } from './child-server.js';
import { fmt, pct } from './stats.js';

const TICK_S = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

interface Kind {
  name: string;
  weight: number;
  body: (n: number) => Record<string, unknown>;
  /** the honest verdict for this program; anything else is a wrong verdict */
  check: (v: { status: string; stdout: string }, n: number) => boolean;
}

const SALT = (Date.now() % 40_000) * 1000;
const py = (source: string, extra: Record<string, unknown> = {}) => ({ language: 'python', source, ...extra });
const cpu = (s: number) => `import time\nt = time.process_time()\nwhile time.process_time() - t < ${s}:\n    pass\nprint('done')\n`;

/** The mix: mostly honest work, a quarter hostile, a tenth with other limits (the class that starved).
 * Weighted by cost, a request takes ~0.2 s of a slot on average (the fork bomb runs to its 3 s wall limit). */
export const KINDS: Kind[] = [
  { name: 'quick', weight: 40, body: (n) => py(`print(${n} * 3)`), check: (v, n) => v.status === 'ok' && v.stdout === `${n * 3}\n` },
  { name: 'cpu-0.5s', weight: 8, body: () => py(cpu(0.5), { timeout_ms: 10000 }), check: (v) => v.status === 'ok' && v.stdout === 'done\n' },
  { name: 'mem128', weight: 10, body: (n) => py(`x = bytearray(32 << 20)\nprint(len(x) + ${n})`, { memory_mb: 128 }),
    check: (v, n) => v.status === 'ok' && v.stdout === `${(32 << 20) + n}\n` },
  { name: 'js', weight: 10, body: (n) => ({ language: 'javascript', source: `console.log(${n} + 1)` }), check: (v, n) => v.status === 'ok' && v.stdout === `${n + 1}\n` },
  // unique in this run and across runs (the compile cache persists in the state directory); k² stays
  // below 2^53, so JavaScript checks it exactly
  { name: 'cpp-unique', weight: 4, body: (n) => ({ language: 'cpp', source: `#include <cstdio>\nint main(){ long k = ${SALT + n}; std::printf("%ld\\n", k * k); }\n` }),
    check: (v, n) => v.status === 'ok' && v.stdout === `${(SALT + n) ** 2}\n` },
  { name: 'loop', weight: 4, body: () => py('while True:\n    pass\n', { timeout_ms: 1000 }), check: (v) => v.status === 'time_limit' },
  { name: 'membomb', weight: 5, body: () => py('x = []\nwhile True:\n    x.append(bytearray(8 << 20))\n', { memory_mb: 256 }),
    check: (v) => v.status === 'memory_limit' },
  { name: 'flood', weight: 6, body: () => py("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"), check: (v) => v.status === 'output_limit' },
  { name: 'forkbomb', weight: 2, body: () => py('import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n', { timeout_ms: 1000 }),
    check: (v) => v.status !== 'ok' && v.status !== 'sandbox_error' },
  { name: 'threadbomb', weight: 5, body: () => py('import threading, time\nwhile True:\n    threading.Thread(target=time.sleep, args=(60,)).start()\n', { timeout_ms: 1000 }),
    check: (v) => v.status !== 'ok' && v.status !== 'sandbox_error' },
];

function pick(i: number): Kind {
  const total = KINDS.reduce((s, k) => s + k.weight, 0);
  // a fixed interleaving (i * a prime mod total): every window sees the same mix
  let r = (i * 7919) % total;
  for (const k of KINDS) {
    if (r < k.weight) return k;
    r -= k.weight;
  }
  return KINDS[0];
}

function parseArgs(argv: string[]) {
  const o = { soakS: 120, storm: 3000, stormConc: 1000, abandon: 200, slots: 0, only: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = Number(argv[i + 1]);
    const num = () => {
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number, got ${argv[i + 1]}`);
      i++;
      return v;
    };
    if (a === '--soak-s') o.soakS = num();
    else if (a === '--storm') o.storm = num();
    else if (a === '--storm-conc') o.stormConc = num();
    else if (a === '--abandon') o.abandon = num();
    else if (a === '--slots') o.slots = num();
    else if (a === '--only') {
      o.only = String(argv[++i] ?? '');
      if (!['soak', 'storm', 'abandon'].includes(o.only)) throw new Error('--only takes soak, storm or abandon');
    } else throw new Error(`unknown option ${a} (options: --soak-s S, --storm N, --storm-conc N, --abandon N, --slots K, --only soak|storm|abandon)`);
  }
  return o;
}

/** Every descendant of pid (from /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    try {
      for (const t of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
        out.push(...kids);
        queue.push(...kids);
      }
    } catch { /* gone */ }
  }
  return out;
}

/** The server's footprint: its RSS (MiB), open descriptors, processes below it, and the CPU seconds
 * of the whole tree (own + reaped children: the agents reap their tasks, so killed work counts). */
function footprint(pid: number) {
  let rss = NaN;
  let fds = NaN;
  try {
    rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch { /* gone */ }
  const procs = descendants(pid);
  let cpuS = 0;
  for (const p of [pid, ...procs]) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      // fields 14..17 (utime stime cutime cstime) are at 11..14 after "pid (comm) "
      cpuS += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICK_S;
    } catch { /* gone */ }
  }
  return { rss, fds, procs: procs.length, cpuS };
}

interface Outcome { kind: string; code: number; ms: number; wrong: boolean; retries: number }

/** Each role is its own client (bearer token): admission bounds each client's share. */
const TOKENS = ['trainer', 'storm', 'abandon', 'probe'] as const;
type Role = (typeof TOKENS)[number];
const headers = (role: Role) => ({ 'content-type': 'application/json', authorization: `Bearer ${role}` });

async function send(d: Agent, url: string, i: number, o: { retry: boolean; role: Role; kind?: Kind }): Promise<Outcome> {
  const k = o.kind ?? pick(i);
  const t0 = performance.now();
  let retries = 0;
  for (;;) {
    const r = await request(`${url}/v1/run`, { method: 'POST', dispatcher: d, headers: headers(o.role), body: JSON.stringify(k.body(i)) });
    const json = (await r.body.json()) as { status: string; stdout: string };
    if (r.statusCode === 429 && o.retry) {
      retries++;
      await new Promise((res) => setTimeout(res, Number(r.headers['retry-after'] ?? 1) * 1000));
      continue;
    }
    const ms = performance.now() - t0;
    return { kind: k.name, code: r.statusCode, ms, wrong: r.statusCode === 200 && !k.check(json, i), retries };
  }
}

function perKind(outs: Outcome[]): void {
  const names = KINDS.map((k) => k.name);
  console.log(`  ${'kind'.padEnd(12)} ${'n'.padStart(5)} ${'p50 s'.padStart(7)} ${'p90 s'.padStart(7)} ${'p99 s'.padStart(7)} ${'max s'.padStart(7)} wrong`);
  for (const n of names) {
    const xs = outs.filter((x) => x.kind === n && x.code === 200);
    const ms = xs.map((x) => x.ms / 1000);
    console.log(`  ${n.padEnd(12)} ${String(xs.length).padStart(5)} ${fmt(pct(ms, 50), 2).padStart(7)} ${fmt(pct(ms, 90), 2).padStart(7)} ` +
      `${fmt(pct(ms, 99), 2).padStart(7)} ${fmt(ms.length ? Math.max(...ms) : NaN, 2).padStart(7)} ${xs.filter((x) => x.wrong).length}`);
  }
}

async function soak(d: Agent, url: string, pid: number, seconds: number) {
  console.log(`\n== soak: ${seconds} s at 64 in flight, mixed hostile workload (clients honour 429 Retry-After)`);
  const outs: Outcome[] = [];
  let i = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const windowS = Math.max(5, Math.round(seconds / 12));
  const windows: { t: number; done: number; rss: number; fds: number; procs: number; healthMs: number }[] = [];
  let doneInWindow = 0;
  let healthMax = 0;
  const health = setInterval(async () => {
    const t0 = performance.now();
    try {
      await (await request(`${url}/healthz`, { dispatcher: d })).body.text();
    } catch { /* counted as slow below */ }
    healthMax = Math.max(healthMax, performance.now() - t0);
  }, 500);
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const f = footprint(pid);
    windows.push({ t: (performance.now() - t0) / 1000, done: doneInWindow, rss: f.rss, fds: f.fds, procs: f.procs, healthMs: healthMax });
    doneInWindow = 0;
    healthMax = 0;
  }, windowS * 1000);
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (performance.now() < end) {
      try {
        const o = await send(d, url, i++, { retry: true, role: 'trainer' });
        outs.push(o);
        doneInWindow++;
      } catch {
        errors++;
      }
    }
  }));
  clearInterval(sampler);
  clearInterval(health);
  const total = (performance.now() - t0) / 1000;
  console.log(`  ${'t s'.padStart(6)} ${'req/s'.padStart(7)} ${'RSS MiB'.padStart(8)} ${'fds'.padStart(5)} ${'procs'.padStart(6)} ${'healthz max ms'.padStart(15)}`);
  for (const w of windows) {
    console.log(`  ${fmt(w.t, 0).padStart(6)} ${fmt(w.done / windowS, 1).padStart(7)} ${fmt(w.rss, 0).padStart(8)} ${String(w.fds).padStart(5)} ` +
      `${String(w.procs).padStart(6)} ${fmt(w.healthMs, 0).padStart(15)}`);
  }
  perKind(outs);
  const ok = outs.filter((x) => x.code === 200);
  const retried = outs.reduce((s, x) => s + x.retries, 0);
  const first = windows[1] ?? windows[0];
  const last = windows[windows.length - 1];
  console.log(`  ${outs.length} requests in ${fmt(total, 0)} s (${fmt(outs.length / total, 1)} req/s), ${ok.length} answered 200, ` +
    `${outs.length - ok.length} other status, ${errors} transport errors, ${retried} 429s (retried after Retry-After); ` +
    `wrong verdicts: ${ok.filter((x) => x.wrong).length}`);
  if (first && last) {
    console.log(`  drift (window 2 → last): throughput ${fmt(first.done / windowS, 1)} → ${fmt(last.done / windowS, 1)} req/s, ` +
      `RSS ${fmt(first.rss, 0)} → ${fmt(last.rss, 0)} MiB, fds ${first.fds} → ${last.fds}, processes ${first.procs} → ${last.procs}`);
  }
  const worst = KINDS.map((k) => ({ k: k.name, max: Math.max(...ok.filter((x) => x.kind === k.name).map((x) => x.ms / 1000), 0) }))
    .sort((a, b) => b.max - a.max)[0];
  console.log(`  longest wait of any limit class: ${worst.k} ${fmt(worst.max, 1)} s (mem128 is the class with other limits)`);
}

async function storm(d: Agent, url: string, n: number, conc: number) {
  console.log(`\n== storm: ${n} requests at ${conc} in flight, same mix, no retries`);
  let i = 0;
  const outs: Outcome[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => {
    while (i < n) {
      try {
        outs.push(await send(d, url, i++, { retry: false, role: 'storm' }));
      } catch {
        errors++;
      }
    }
  }));
  const s = (performance.now() - t0) / 1000;
  const by = (c: number) => outs.filter((x) => x.code === c);
  const ok = by(200);
  const rej = by(429);
  const lat = (xs: Outcome[]) => xs.map((x) => x.ms / 1000);
  console.log(`  ${fmt(s, 1)} s: ${ok.length} admitted and answered (p50 ${fmt(pct(lat(ok), 50), 2)} s, p99 ${fmt(pct(lat(ok), 99), 2)} s, ` +
    `max ${fmt(ok.length ? Math.max(...lat(ok)) : NaN, 2)} s), ${rej.length} told 429 (p50 ${fmt(pct(lat(rej), 50) * 1000, 0)} ms, ` +
    `max ${fmt(rej.length ? Math.max(...lat(rej)) * 1000 : NaN, 0)} ms), ${outs.length - ok.length - rej.length} other status, ${errors} transport errors; ` +
    `wrong verdicts: ${ok.filter((x) => x.wrong).length}`);
  perKind(outs);
}

async function abandon(d: Agent, url: string, pid: number, n: number) {
  console.log(`\n== abandonment: ${n} one-second CPU loops, clients give up after 0.2 s; a probe sent at 0.2 s`);
  await idle(d, url);
  const before = footprint(pid);
  const t0 = performance.now();
  const ctrls = Array.from({ length: n }, () => new AbortController());
  const gone = ctrls.map((c) => request(`${url}/v1/run`, { method: 'POST', dispatcher: d, headers: headers('abandon'),
    body: JSON.stringify(py(cpu(1), { timeout_ms: 10000 })), signal: c.signal })
    .then(async (r) => `${r.statusCode} ${await r.body.text()}`).catch(() => 'aborted'));
  await new Promise((r) => setTimeout(r, 200));
  for (const c of ctrls) c.abort();
  // another client's request, sent as the others give up (it honours Retry-After if told to wait)
  const probe = await send(d, url, 3_000_000, { retry: true, role: 'probe', kind: KINDS[0] });
  const results = await Promise.all(gone);
  await idle(d, url);
  const idleS = (performance.now() - t0) / 1000;
  const after = footprint(pid);
  const m = /rlcf_rejected_requests_total\{reason="cancelled"\} (\d+)/.exec(await (await request(`${url}/metrics`, { dispatcher: d, headers: { authorization: 'Bearer probe' } })).body.text());
  console.log(`  probe answered in ${fmt(probe.ms / 1000, 2)} s (HTTP ${probe.code}${probe.wrong ? ', WRONG verdict' : ''}, ` +
    `${probe.retries} retries); ${results.filter((r) => r === 'aborted').length}/${n} clients gone, ` +
    `${results.filter((r) => r.startsWith('429')).length} told 429 before they gave up; server idle again ${fmt(idleS, 1)} s after the first request; ` +
    `CPU spent by the server's process tree in the window: ${fmt(after.cpuS - before.cpuS, 1)} s ` +
    `(running all ${n} would take ≥ ${n} s); cancelled counter: ${m?.[1] ?? 'n/a'}`);
}

/** Wait until the server reports nothing in flight and nothing queued. */
async function idle(d: Agent, url: string): Promise<void> {
  for (let k = 0; k < 600; k++) {
    const text = await (await request(`${url}/metrics`, { dispatcher: d, headers: { authorization: 'Bearer probe' } })).body.text();
    const q = Number(/^rlcf_queue_depth (\d+)/m.exec(text)?.[1] ?? 0);
    const f = Number(/^rlcf_in_flight (\d+)/m.exec(text)?.[1] ?? 0);
    if (q === 0 && f === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const d = new Agent({ connections: 2048, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 600_000, bodyTimeout: 600_000 });
  const { proc, url } = await startServer(['--token', TOKENS.join(','), ...(o.slots ? ['--slots', String(o.slots)] : [])]);
  const pid = proc.pid!;
  const f0 = footprint(pid);
  console.log(`rlcf serve at ${url} (pid ${pid}): RSS ${fmt(f0.rss, 0)} MiB, ${f0.fds} fds, ${f0.procs} processes at start`);
  try {
    // warm-up: every kind once (first C++ compile, the JS runtime)
    const warm = await Promise.all(KINDS.map((k, j) => send(d, url, 1_000_000 + j, { retry: true, role: 'trainer', kind: k })));
    const bad = warm.filter((w) => w.code !== 200 || w.wrong).map((w) => w.kind);
    if (bad.length) console.log(`warm-up: unexpected verdict for ${bad.join(', ')}`);
    // each kind alone, once warm: what a request of that kind costs without queueing
    const alone: string[] = [];
    for (const [j, k] of KINDS.entries()) alone.push(`${k.name} ${fmt((await send(d, url, 2_000_000 + j, { retry: true, role: 'trainer', kind: k })).ms / 1000, 2)}`);
    console.log(`one request of each kind alone (s): ${alone.join(', ')}`);
    if (!o.only || o.only === 'soak') await soak(d, url, pid, o.soakS);
    if (!o.only || o.only === 'storm') await storm(d, url, o.storm, o.stormConc);
    if (!o.only || o.only === 'abandon') await abandon(d, url, pid, o.abandon);
    await idle(d, url);
    // the bench's own keep-alive connections hold descriptors in the server: close them first
    await d.close();
    await new Promise((r) => setTimeout(r, 500));
    const f1 = footprint(pid);
    console.log(`\nserver at the end: RSS ${fmt(f1.rss, 0)} MiB, ${f1.fds} fds, ${f1.procs} processes (start: ${fmt(f0.rss, 0)} MiB, ${f0.fds}, ${f0.procs})`);
  } finally {
    const exited = new Promise((r) => proc.on('exit', r));
    proc.kill('SIGTERM');
    await exited;
    if (!d.closed) await d.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
