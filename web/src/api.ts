// JSON API client: paths relative to the page, so the app works wherever it is mounted (/ui/, ...).
export async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const url = new URL(`api/${path}`, location.href.split('#')[0]);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  const r = await fetch(url);
  const body = await r.json().catch(() => ({ error: `${r.status} ${r.statusText}` }));
  if (!r.ok) throw new Error(body.error ?? `${r.status}`);
  return body as T;
}

export type Cell = { tasks: number; samples: number; pass_at_k: Record<string, number | null>;
  ci95: Record<string, [number, number] | null>; verdicts: Record<string, number> };

export interface RunItem {
  id: string; created_at: string; updated_at: string; status: string; model: string; benchmarks: string[]; languages: string[];
  tasks: number; samples: number; judged: number; k: number[]; pass_at_k: Record<string, number | null>;
  ci95: Record<string, [number, number] | null>; verdicts: Record<string, number>; time_s: number | null; cost_usd: number;
  tokens: number; error: string | null; metric?: 'resolved' | 'pass@k';
}

export interface RunDetail {
  run: { id: string; created_at: string; status: string; model: string; benchmarks: string[]; config: Record<string, unknown>; error: string | null };
  /** `resolved`: a SWE run, whose pass@1 is the resolved rate */
  metric?: 'resolved' | 'pass@k';
  k: number[]; pass_at_k: Record<string, number | null>; ci95: Record<string, [number, number] | null>;
  groups: Record<string, Cell>; verdicts: Record<string, number>;
  totals: { samples: number; judged: number; passed: number; prompt_tokens: number; completion_tokens: number; cost_usd: number; gen_ms: number; exec_ms: number };
  time: { total_s: number; generation_wait_s: number; execution_s: number } | null;
  languages: string[]; grid: { key: string; task_id: string; language: string; benchmark: string; n: number; c: number }[]; grid_truncated: boolean;
}

export interface SampleItem {
  task_key: string; idx: number; task_id: string; language: string; benchmark: string; status: string; passed: boolean | null;
  passed_tests: number | null; total_tests: number | null; exec_ms: number | null; result: string | null;
}
