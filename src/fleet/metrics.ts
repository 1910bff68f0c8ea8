// The fleet's Prometheus metrics on a front-end's /metrics: what the queue and the workers look like
// from here (read from Redis by QueueExecutor.refresh, at most once a second), and the wait and
// latency of this front-end's jobs. rlcf_queue_depth / rlcf_worker_slots (server/metrics.ts) follow
// the fleet too, through the executor's stats().
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { QueueExecutor } from './executor.js';

export function registerFleetMetrics(ex: QueueExecutor, registry: Registry): void {
  new Gauge({
    name: 'rlcf_fleet_workers', help: 'live workers (heartbeat within 10 s)', registers: [registry],
    collect() { this.set(ex.adverts.length); },
  });
  new Gauge({
    name: 'rlcf_fleet_busy_slots', help: 'slots running a job, over all workers (as of their last heartbeat)', registers: [registry],
    collect() { this.set(ex.adverts.reduce((a, w) => a + Math.min(w.busy, w.slots), 0)); },
  });
  new Gauge({
    name: 'rlcf_fleet_queue_depth', help: 'jobs waiting in the fleet\'s queues (all front-ends)', registers: [registry],
    collect() { this.set(ex.depth); },
  });
  new Gauge({
    name: 'rlcf_fleet_redeliveries', help: 'jobs started again after their worker died (fleet-wide counter)', registers: [registry],
    collect() { this.set(ex.redeliveries); },
  });
  new Gauge({
    name: 'rlcf_fleet_pending_jobs', help: 'jobs this front-end waits for', registers: [registry],
    collect() { this.set(ex.pendingJobs); },
  });
  new Gauge({
    name: 'rlcf_fleet_duplicate_results', help: 'results dropped because their job was already answered (a redelivered job that finished twice)',
    registers: [registry], collect() { this.set(ex.duplicates); },
  });
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
  const wait = new Histogram({ name: 'rlcf_fleet_job_wait_seconds', help: 'from enqueue to a worker starting the job', buckets, registers: [registry] });
  const latency = new Histogram({ name: 'rlcf_fleet_job_seconds', help: 'from enqueue to the result reaching this front-end', buckets, registers: [registry] });
  const service = new Histogram({ name: 'rlcf_fleet_job_service_seconds', help: 'a worker\'s time on the job', buckets, registers: [registry] });
  const redelivered = new Counter({ name: 'rlcf_fleet_redelivered_results_total', help: 'results of this front-end that came from a second or later attempt', registers: [registry] });
  const prev = ex.onJob;
  ex.onJob = (e) => {
    prev?.(e);
    wait.observe(e.wait_s);
    latency.observe(e.total_s);
    service.observe(e.service_s);
    if (e.attempt > 1) redelivered.inc();
  };
}
