import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import { fetchOutcomes } from './feed-error.ts'

export interface EventsMetrics {
  fetches: Counter<'outcome'>
  fetchDuration: Histogram<'outcome'>
  written: Counter<'kind'>
  skippedBaseEvents: Counter
  served: Counter<'endpoint'>
  indexRefreshFailures: Counter
}

export function createEventsMetrics(registry: Registry): EventsMetrics {
  const registers = [registry]
  const fetches = new Counter({ name: 'events_fetches_total', help: 'Provider feed fetches by outcome', labelNames: ['outcome'], registers })
  // Every outcome shows from the start, at zero, so alerts can rate() it.
  for (const outcome of fetchOutcomes) fetches.inc({ outcome }, 0)
  return {
    fetches,
    fetchDuration: new Histogram({
      name: 'events_fetch_duration_seconds',
      help: 'Time to fetch, parse and store the provider feed, by outcome',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    written: new Counter({ name: 'events_written_total', help: 'Events inserted or updated by ingestions', labelNames: ['kind'], registers }),
    skippedBaseEvents: new Counter({ name: 'events_skipped_base_events_total', help: 'Malformed base_events skipped by ingestions', registers }),
    served: new Counter({ name: 'events_served_total', help: 'Events returned to clients, by endpoint', labelNames: ['endpoint'], registers }),
    indexRefreshFailures: new Counter({ name: 'events_index_refresh_failures_total', help: 'Search index refreshes that failed (the previous index was kept)', registers }),
  }
}

/** Events in this process's search index (processes that answer searches only). */
export function registerStoredGauge(registry: Registry, stored: () => number): void {
  new Gauge({
    name: 'events_stored',
    help: 'Events stored and searchable (ever online), as held by the search index',
    registers: [registry],
    collect() {
      this.set(stored())
    },
  })
}
