import { Counter, Histogram, type Registry } from 'prom-client'
import { fetchOutcomes } from './source/fetch-error.ts'
import { pageKinds } from './source/source-client.ts'

export interface HotelsMetrics {
  pagesFetched: Counter<'kind' | 'outcome'>
  fetchDuration: Histogram<'kind'>
  retries: Counter<'kind' | 'reason'>
  parseDuration: Histogram<'kind'>
  parsedBytes: Counter<'kind'>
  malformedPages: Counter<'kind'>
  hotelsStored: Counter
}

/** The service's metrics; labels are page kinds and outcomes, never URLs or ids. */
export function createHotelsMetrics(registry: Registry): HotelsMetrics {
  const registers = [registry]
  const pagesFetched = new Counter({ name: 'hotels_pages_fetched_total', help: 'Source pages fetched, by kind and final outcome (after retries)', labelNames: ['kind', 'outcome'], registers })
  // Every outcome shows from the start, at zero, so alerts can rate() it.
  for (const kind of pageKinds) for (const outcome of fetchOutcomes) pagesFetched.inc({ kind, outcome }, 0)
  return {
    pagesFetched,
    fetchDuration: new Histogram({
      name: 'hotels_fetch_duration_seconds',
      help: 'Time of one HTTP attempt at a source page (headers and body), by page kind',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    retries: new Counter({ name: 'hotels_fetch_retries_total', help: 'Source requests retried, by page kind and reason (429, 5xx, 4xx, timeout, network)', labelNames: ['kind', 'reason'], registers }),
    parseDuration: new Histogram({
      name: 'hotels_parse_duration_seconds',
      help: 'Time to parse one page in a parse thread (or on the event loop when HOTELS_PARSE_THREADS=0), by page kind',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    }),
    parsedBytes: new Counter({ name: 'hotels_parsed_bytes_total', help: 'Bytes of pages parsed, by page kind', labelNames: ['kind'], registers }),
    malformedPages: new Counter({ name: 'hotels_malformed_pages_total', help: 'Pages that did not read as the source profile expects, by page kind', labelNames: ['kind'], registers }),
    hotelsStored: new Counter({ name: 'hotels_stored_total', help: 'Selected hotels stored by the hotels.selected consumer (duplicates not counted)', registers }),
  }
}
