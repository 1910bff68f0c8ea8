// The engine measured against a yardstick on the same programs in the same run (bench:sandbox [2d],
// [2e], [2f]). This host's speed drifts by more than the margins measured (consecutive fork-floor
// runs of the same 3,000 scripts read 1.25-1.5 or 1.8-2.0 ms of CPU per execution, with no steal
// accounted), so a comparison is only as good as its pairing: [2d] and [2e] alternate rounds back to
// back; [2f] runs the engine and the floor at the same time, where whatever slows the host slows both.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Sandbox } from '../sandbox/engine.js';
import { DEFAULT_PREIMPORT } from '../sandbox/paths.js';
import type { Submission, Verdict } from '../sandbox/types.js';
import { type FloorResult, runForkFloor, treeCpuMs } from './floor.js';
import { fmt, now, pct } from './stats.js';

export interface EngineRun {
  seconds: number;
  /** the CPU of the engine's process tree per execution (node, agents, tasks), as the floor measures its own */
  cpuMsPerExec: number;
  /** of that, the engine process's own (node: its JavaScript, syscalls and GC) */
  nodeMsPerExec: number;
  /** executions whose verdict was not ok */
  bad: number;
}

const asPython = (programs: string[]): Submission[] => programs.map((source) => ({ language: 'python', source }));

/** The figures of one engine run: its verdicts, wall seconds, the CPU its tree and node spent. */
function figures(vs: Verdict[], seconds: number, treeMs: number, node: NodeJS.CpuUsage): EngineRun {
  return { seconds, cpuMsPerExec: treeMs / vs.length, nodeMsPerExec: (node.user + node.system) / 1000 / vs.length,
    bad: vs.filter((v) => v.status !== 'ok').length };
}

/** One timed runBatch of `programs` (after the sandbox is warm). */
export async function engineRun(sb: Sandbox, programs: string[]): Promise<EngineRun> {
  const subs = asPython(programs);
  const c0 = treeCpuMs(process.pid);
  const n0 = process.cpuUsage();
  const t0 = now();
  const vs = await sb.runBatch(subs);
  const seconds = (now() - t0) / 1000;
  return figures(vs, seconds, treeCpuMs(process.pid) - c0, process.cpuUsage(n0));
}

export interface ConcurrentRound {
  engine: EngineRun;
  floor: FloorResult;
  /** the share of the engine's run during which the floor ran too */
  overlap: number;
}

/** The engine on `sb` (one slot) and one fork-floor loop on the same programs, the engine started
 * with the floor's start signal (the floor's interpreter start-up and imports are before it). The
 * floor's process tree is the engine process's child too: its CPU from the signal to its report
 * (which it measures itself) is taken out of the tree's; its exit, after the report, stays in
 * (a few ms of a whole round). */
export async function concurrentRound(sb: Sandbox, programs: string[], preimport = DEFAULT_PREIMPORT): Promise<ConcurrentRound> {
  const subs = asPython(programs);
  let c0 = 0;
  let n0 = process.cpuUsage();
  let t0 = 0;
  let engineEnd = 0;
  let engine: Promise<Awaited<ReturnType<Sandbox['runBatch']>>> | undefined;
  let floor: FloorResult;
  try {
    floor = await runForkFloor(programs, 1, preimport, () => {
      c0 = treeCpuMs(process.pid);
      n0 = process.cpuUsage();
      t0 = now();
      engine = sb.runBatch(subs).then((v) => {
        engineEnd = now();
        return v;
      });
    });
  } catch (e) {
    await engine?.catch(() => undefined); // started: let it end before the caller goes on
    throw e;
  }
  const floorEnd = now();
  if (!engine) throw new Error('the fork floor never started');
  const vs = await engine;
  const node = process.cpuUsage(n0);
  const engineMs = treeCpuMs(process.pid) - c0 - floor.cpuMsPerExec * floor.n;
  return {
    engine: figures(vs, (engineEnd - t0) / 1000, engineMs, node),
    floor,
    overlap: Math.min(1, (floorEnd - t0) / Math.max(1e-9, engineEnd - t0)),
  };
}

/** One workload of [2e]/[2f]: its label, its programs, its summary key */
export interface FloorPair {
  label: string;
  programs: string[];
  key: string;
}

const median = (xs: number[]) => Math.round(pct(xs, 50) * 100) / 100;
const range = (xs: number[]) => `range ${fmt(Math.min(...xs) * 100, 0)}–${fmt(Math.max(...xs) * 100, 0)}`;

/** [2e]: the engine (all of `sb`'s slots), then the floor (as many loops as cores), round after round:
 * one run of each minutes apart can read 65% or 90% on a shared host, back-to-back pairs see the
 * same host; the median pair is the figure. Summary keys rlcf_cpu_of_<key>_paired, rlcf_of_<key>_paired. */
export async function alternatingRounds(sb: Sandbox, pairs: FloorPair[], rounds: number): Promise<Record<string, number>> {
  console.log(`\n[2e] Paired rounds: the engine, then the fork floor, on the same programs; ${rounds} rounds, median ratio`);
  const out: Record<string, number> = {};
  for (const { label, programs, key } of pairs) {
    try {
      const cpu: number[] = [];
      const wall: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const e = await engineRun(sb, programs);
        const f = await runForkFloor(programs, availableParallelism(), DEFAULT_PREIMPORT);
        cpu.push(f.cpuMsPerExec / e.cpuMsPerExec);
        wall.push(e.seconds > 0 ? f.seconds / e.seconds : NaN);
        console.log(`  ${label.padEnd(24)} round ${r + 1}: rlcf ${fmt(e.cpuMsPerExec, 2)} (node ${fmt(e.nodeMsPerExec, 2)}) / floor ${fmt(f.cpuMsPerExec, 2)} ms CPU per exec` +
          ` = ${fmt(cpu[r] * 100, 0)}%; wall ${fmt(wall[r] * 100, 0)}%${e.bad ? ` (${e.bad} not ok)` : ''}`);
      }
      console.log(`  ${label.padEnd(24)} median: floor/rlcf CPU ${fmt(pct(cpu, 50) * 100, 0)}% (${range(cpu)}),` +
        ` wall ${fmt(pct(wall, 50) * 100, 0)}%; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
      out[`rlcf_cpu_of_${key}_paired`] = median(cpu);
      out[`rlcf_of_${key}_paired`] = median(wall);
    } catch (e) {
      console.log(`  ${label}: FAILED: ${(e as Error).message}`);
    }
  }
  return out;
}

/** [2f]: the engine on a sandbox of one slot (made in `stateDir`) and one floor loop at the same
 * time, each about one core: whatever slows the host slows both. Summary key
 * rlcf_cpu_of_<key>_concurrent. */
export async function concurrentRounds(stateDir: string, pairs: FloorPair[], rounds: number): Promise<Record<string, number>> {
  console.log(`\n[2f] At the same time: the engine on one slot and one fork-floor loop, on the same programs; ${rounds} rounds, median ratio`);
  const out: Record<string, number> = {};
  let sb: Sandbox | undefined;
  try {
    sb = await Sandbox.create({ stateDir, slots: 1 });
    await sb.runBatch(asPython(pairs[pairs.length - 1].programs.slice(0, 100)));
    for (const { label, programs, key } of pairs) {
      const cpu: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const c = await concurrentRound(sb, programs);
        cpu.push(c.floor.cpuMsPerExec / c.engine.cpuMsPerExec);
        console.log(`  ${label.padEnd(24)} round ${r + 1}: rlcf ${fmt(c.engine.cpuMsPerExec, 2)} (node ${fmt(c.engine.nodeMsPerExec, 2)}) / floor` +
          ` ${fmt(c.floor.cpuMsPerExec, 2)} ms CPU per exec = ${fmt(cpu[r] * 100, 0)}%; the floor ran during ${fmt(c.overlap * 100, 0)}% of it` +
          `${c.engine.bad ? ` (${c.engine.bad} not ok)` : ''}`);
      }
      console.log(`  ${label.padEnd(24)} median: floor/rlcf CPU ${fmt(pct(cpu, 50) * 100, 0)}% (${range(cpu)})`);
      out[`rlcf_cpu_of_${key}_concurrent`] = median(cpu);
    }
  } catch (e) {
    console.log(`  FAILED: ${(e as Error).message}`);
  } finally {
    await sb?.close();
  }
  return out;
}
