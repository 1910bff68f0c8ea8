// What front-ends and workers say to each other through Redis: the queues (one BullMQ queue per
// language, so a Java-only pool simply does not listen on the others), the job payload, the worker
// adverts and the few keys rlcf keeps beside BullMQ's own. Everything else (delivery, locks,
// stalled-job redelivery, priorities, persistence) is BullMQ's and Redis's, not ours.
import type { Judgement, Task } from '../benchmarks/types.js';
import { LANGUAGES, type Language, type Limits, type Submission, type TestInput, type Verdict } from '../sandbox/types.js';

/** Key prefix of everything rlcf puts in Redis (BullMQ's queues included). */
export const PREFIX = 'rlcf';

/** The BullMQ queue that carries a language's jobs. */
export function queueName(language: Language): string {
  return `grade-${language}`;
}

export const KEYS = {
  /** hash: worker name → advert JSON (each advert carries its own expiry; see liveWorkers) */
  workers: `${PREFIX}:fleet:workers`,
  /** counter: jobs a worker started that another worker had started before (redeliveries) */
  redeliveries: `${PREFIX}:fleet:redeliveries`,
  /** counter: jobs finished by any worker */
  finished: `${PREFIX}:fleet:finished`,
  /** pub/sub channel: job ids whose callers went away (the worker running one kills it) */
  cancel: `${PREFIX}:fleet:cancel`,
} as const;

/** How long an advert stays valid without a heartbeat (ms). */
export const ADVERT_TTL_MS = 10_000;
export const HEARTBEAT_MS = 2_000;

/** One unit of work inside a job (a job is one item, or a chunk of small ones). */
export type FleetItem =
  | { kind: 'grade'; task: Task; code: string; opts: { runAll?: boolean; limits?: Partial<Limits> } }
  | { kind: 'run'; sub: Submission }
  | { kind: 'runTests'; sub: Submission; inputs: TestInput[] };

export interface FleetJobData {
  items: FleetItem[];
  language: Language;
  /** epoch ms after which nobody waits for the result: a worker that picks the job up later skips it */
  deadline: number;
  /** the front-end that enqueued it (for operators reading the queue) */
  frontend: string;
  enqueued_at: number;
}

export type FleetItemResult = { ok: true; value: Judgement | Verdict | Verdict[] } | { ok: false; error: string };

export interface FleetJobResult {
  results: FleetItemResult[];
  worker: string;
  /** BullMQ's attempt count when this worker started it (> 1: a redelivery) */
  attempt: number;
  /** ms between enqueue and this worker starting it */
  wait_ms: number;
  /** ms this worker spent on it */
  service_ms: number;
}

export interface WorkerAdvert {
  name: string;
  host: string;
  pid: number;
  slots: number;
  busy: number;
  /** language → toolchain version, for the languages this worker takes */
  languages: Partial<Record<Language, string>>;
  sandbox: 'bwrap' | 'none';
  started_at: number;
  jobs_done: number;
  draining: boolean;
  /** epoch ms after which the advert is stale (a worker that died without saying so) */
  expires_at: number;
}

/** The adverts of workers that are alive (heartbeat not expired). */
export function liveAdverts(raw: Record<string, string>, now = Date.now()): WorkerAdvert[] {
  const out: WorkerAdvert[] = [];
  for (const v of Object.values(raw)) {
    try {
      const a = JSON.parse(v) as WorkerAdvert;
      if (a.expires_at > now) out.push(a);
    } catch { /* an unreadable advert is ignored */ }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** redis://[user:pass@]host:port[/db] → ioredis options; a clear error for anything else. */
export function parseRedisUrl(url: string): { host: string; port: number; db?: number; username?: string; password?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--queue ${JSON.stringify(url)} is not a URL: expected redis://host:port (e.g. redis://127.0.0.1:6379)`);
  }
  if (u.protocol !== 'redis:') throw new Error(`--queue ${JSON.stringify(url)}: only redis://host:port URLs are supported`);
  const port = u.port ? Number(u.port) : 6379;
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isInteger(db)) throw new Error(`--queue ${JSON.stringify(url)}: the path must be a database number (/0)`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port,
    ...(db !== undefined ? { db } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

export function isLanguage(x: string): x is Language {
  return (LANGUAGES as readonly string[]).includes(x);
}
