// Prometheus metrics of one server (its own registry, so several apps can live in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Executor, LocalExecutor } from './executor.js';

export interface ServerMetrics {
  registry: Registry;
  executions: Counter<'kind' | 'status' | 'language'>;
  executionSeconds: Histogram<'kind'>;
  requestSeconds: Histogram<'route' | 'code'>;
  items: Counter<'route'>;
  rejected: Counter<'reason'>;
  queueWait: Histogram<'kind'>;
}

export function createMetrics(ex: Executor, defaults = true): ServerMetrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: 'rlcf_' });
  const executions = new Counter({
    name: 'rlcf_executions_total', help: 'finished executions (grades and runs) by verdict status; rate() = executions/s',
    labelNames: ['kind', 'status', 'language'] as const, registers: [registry],
  });
  const executionSeconds = new Histogram({
    name: 'rlcf_execution_seconds', help: 'time from submission to verdict (queueing included)', labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'rlcf_http_request_seconds', help: 'HTTP request latency by route and status code', labelNames: ['route', 'code'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120], registers: [registry],
  });
  const items = new Counter({ name: 'rlcf_graded_items_total', help: 'completions graded, by route', labelNames: ['route'] as const, registers: [registry] });
  const rejected = new Counter({ name: 'rlcf_rejected_requests_total', help: 'requests refused (auth, rate, concurrency, validation)', labelNames: ['reason'] as const, registers: [registry] });
  new Gauge({
    name: 'rlcf_queue_depth', help: 'executions waiting for a worker slot', registers: [registry],
    collect() { this.set(ex.stats().queue_depth); },
  });
  new Gauge({
    name: 'rlcf_in_flight', help: 'executions started and not finished', registers: [registry],
    collect() { this.set(ex.stats().in_flight); },
  });
  new Gauge({
    name: 'rlcf_worker_slots', help: 'sandbox worker slots', registers: [registry],
    collect() { this.set(ex.stats().slots); },
  });
  const queueWait = new Histogram({
    name: 'rlcf_queue_wait_seconds', help: 'how long an execution waited for a worker slot', labelNames: ['kind'] as const,
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry],
  });
  // an executor with metrics of its own (the fleet's: workers, busy slots, redeliveries...)
  (ex as { registerMetrics?: (r: Registry) => void }).registerMetrics?.(registry);
  const m = { registry, executions, executionSeconds, requestSeconds, items, rejected, queueWait };
  const local = ex as Partial<LocalExecutor>;
  if (local.sandbox) {
    const prev = local.sandbox.onWait;
    local.sandbox.onWait = (kind, ms) => {
      prev?.(kind, ms);
      queueWait.observe({ kind }, ms / 1000);
    };
  }
  local.onExecution?.((e) => {
    executions.inc({ kind: e.kind, status: e.status, language: e.language });
    executionSeconds.observe({ kind: e.kind }, e.seconds);
  });
  return m;
}
