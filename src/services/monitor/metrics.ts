import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { WebsiteState } from './website.ts'

export interface MonitorMetrics {
  checks: Counter<'outcome'>
  checkDuration: Histogram
  scheduleLag: Histogram
  skipped: Counter<'reason'>
  inFlight: Gauge
  writeRows: Histogram
  writeDuration: Histogram
  writeFailures: Counter
  dropped: Counter
  webhooks: Counter<'outcome'>
}

/** Labels are bounded sets (outcome, reason, state): never a URL or an id. */
export function createMonitorMetrics(registry: Registry): MonitorMetrics {
  const registers = [registry]
  return {
    checks: new Counter({ name: 'monitor_checks_total', help: 'Checks run, by outcome (up, http-error, no-match, or the error kind)', labelNames: ['outcome'], registers }),
    checkDuration: new Histogram({
      name: 'monitor_check_duration_seconds',
      help: 'Request start to the end of the capped body, redirects included',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    scheduleLag: new Histogram({
      name: 'monitor_schedule_lag_seconds',
      help: 'How late a check started after its slot (phase + n·interval)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    skipped: new Counter({
      name: 'monitor_checks_skipped_total',
      help: 'Slots not checked: the previous check was still running (overlap), or the process was stalled past a whole interval (stall)',
      labelNames: ['reason'],
      registers,
    }),
    inFlight: new Gauge({ name: 'monitor_checks_in_flight', help: 'Checks running now in this process', registers }),
    writeRows: new Histogram({ name: 'monitor_write_batch_rows', help: 'Checks written per batch', buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000], registers }),
    writeDuration: new Histogram({ name: 'monitor_write_duration_seconds', help: 'Time to write one batch of checks', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5], registers }),
    writeFailures: new Counter({ name: 'monitor_write_failures_total', help: 'Batches that failed to write (kept and retried)', registers }),
    dropped: new Counter({ name: 'monitor_checks_dropped_total', help: 'Check results dropped because the database fell too far behind', registers }),
    webhooks: new Counter({ name: 'monitor_webhooks_total', help: 'Webhook alert attempts by outcome', labelNames: ['outcome'], registers }),
  }
}

/** Counted when scraped, from the engine that holds the states in memory. */
export function registerWebsiteGauge(registry: Registry, counts: () => Record<WebsiteState, number>): void {
  new Gauge({
    name: 'monitor_websites',
    help: 'Websites checked by this process, by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const [state, n] of Object.entries(counts())) this.set({ state }, n)
    },
  })
}
