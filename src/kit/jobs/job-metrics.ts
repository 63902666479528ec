import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/** Several pools (or tests) may share one registry, which refuses a name twice. */
export function registered<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create()
}

export type JobOutcome = 'succeeded' | 'retried' | 'failed' | 'cancelled' | 'handed_back' | 'lost'

export interface JobMetrics {
  completed: Counter<'type' | 'outcome'>
  duration: Histogram<'type'>
  running: Gauge<'type'>
}

export function jobMetrics(registry: Registry): JobMetrics {
  return {
    completed: registered(registry, 'flotilla_jobs_completed_total', () =>
      new Counter({
        name: 'flotilla_jobs_completed_total',
        help: 'Job attempts finished, by job type and outcome',
        labelNames: ['type', 'outcome'],
        registers: [registry],
      }),
    ),
    duration: registered(registry, 'flotilla_job_duration_seconds', () =>
      new Histogram({
        name: 'flotilla_job_duration_seconds',
        help: 'Duration of job attempts, by job type',
        labelNames: ['type'],
        buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
        registers: [registry],
      }),
    ),
    running: registered(registry, 'flotilla_jobs_running', () =>
      new Gauge({
        name: 'flotilla_jobs_running',
        help: 'Jobs running now in this process, by job type',
        labelNames: ['type'],
        registers: [registry],
      }),
    ),
  }
}
