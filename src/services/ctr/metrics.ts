import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

export interface CtrMetrics {
  lookups: Counter
  unknownIds: Counter
  idsPerRequest: Histogram
  requestDuration: Histogram
  snapshotSize: Gauge
  refreshDuration: Histogram
  refreshFailures: Counter
}

/** Staleness is computed when scraped, from the snapshot that knows its last refresh. */
export function registerStaleness(registry: Registry, staleness: () => number | null): void {
  new Gauge({
    name: 'ctr_snapshot_staleness_seconds',
    help: 'Seconds since the last successful snapshot refresh',
    registers: [registry],
    collect() {
      const s = staleness()
      if (s !== null) this.set(s)
    },
  })
}

export function createCtrMetrics(registry: Registry): CtrMetrics {
  const registers = [registry]
  return {
    lookups: new Counter({ name: 'ctr_lookups_total', help: 'Ad ids looked up', registers }),
    unknownIds: new Counter({ name: 'ctr_unknown_ids_total', help: 'Ad ids looked up that are not in the snapshot', registers }),
    idsPerRequest: new Histogram({ name: 'ctr_ids_per_request', help: 'Distinct ad ids per /predict request', buckets: [1, 2, 5, 10, 20, 50, 100, 1000, 10000], registers }),
    requestDuration: new Histogram({
      name: 'ctr_predict_duration_seconds',
      help: 'Time to answer /predict, body parsing included',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    }),
    snapshotSize: new Gauge({ name: 'ctr_snapshot_size', help: 'Ads in the in-memory snapshot', registers }),
    refreshDuration: new Histogram({ name: 'ctr_refresh_duration_seconds', help: 'Snapshot refresh duration', buckets: [0.001, 0.01, 0.1, 0.5, 1, 5, 15, 60], registers }),
    refreshFailures: new Counter({ name: 'ctr_refresh_failures_total', help: 'Snapshot refreshes that failed (the old snapshot was kept)', registers }),
  }
}
