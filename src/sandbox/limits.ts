import type { Limits } from './types.js';

export const DEFAULT_LIMITS: Limits = {
  timeout_ms: 5000,
  wall_ms: 0, // 0 = derived from timeout_ms
  memory_mb: 512,
  output_bytes: 1 << 20,
  pids: 64,
  nofile: 256,
  fsize_mb: 64,
};

export const COMPILE_LIMITS: Limits = {
  timeout_ms: 30000,
  wall_ms: 60000,
  memory_mb: 2048,
  output_bytes: 256 << 10,
  pids: 256,
  nofile: 1024,
  fsize_mb: 512,
};

/** Wall time allowed for a CPU limit: generous, so that a loaded host does not turn slow starts
 * into time limits (the CPU limit is what judges the program). The agent adds the time the task
 * waited for a CPU, up to three times this (agent/rlcf_usage.py LOAD_WALL_FACTOR). */
export function wallFor(timeoutMs: number): number {
  return Math.max(timeoutMs * 2, timeoutMs + 2000);
}

export function resolveLimits(base: Limits, ...over: (Partial<Limits> | undefined)[]): Limits {
  const out: Limits = { ...base };
  for (const o of over) {
    if (!o) continue;
    for (const [k, v] of Object.entries(o) as [keyof Limits, number | undefined][]) {
      if (v === undefined || v === null) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new RangeError(`limit ${k} must be a non-negative number, got ${JSON.stringify(v)}`);
      }
      out[k] = v;
    }
  }
  if (!out.wall_ms) out.wall_ms = wallFor(out.timeout_ms);
  if (out.timeout_ms <= 0) throw new RangeError('limit timeout_ms must be > 0');
  if (out.memory_mb < 16) throw new RangeError(`limit memory_mb must be >= 16, got ${out.memory_mb}`);
  return out;
}
