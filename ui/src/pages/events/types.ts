/** One fetch of the provider feed, as `GET /api/events/status` reports it. */
export interface FetchRun {
  jobId: number
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
  createdAt: number
  finishedAt: number | null
  /** What the ingestion did, when it succeeded. */
  report: FetchReport | null
  error: string | null
}

export interface FetchReport {
  outcome: string
  fetchedAt: number
  durationMs: number
  baseEvents: number
  events: number
  /** Events of online base_events in this feed: what was stored from it. */
  onlineEvents: number
  skippedBaseEvents: number
  inserted: number
  updated: number
  unchanged: number
}

/** `GET /api/events/status`: the provider, the last fetch and its outcome, the search index. */
export interface EventsStatus {
  provider: { configured: boolean; host: string | null; schedule: string; timeZone: string; timeoutSeconds: number; maxFeedMb: number }
  index: {
    size: number
    revision: number
    loadedAt: number | null
    lastRefreshAt: number | null
    lastRefreshError: string | null
    lastRefreshMs: number | null
  } | null
  lastFetch: FetchRun | null
  lastSuccess: FetchRun | null
  searchMaxLimit: number
}

/** One event of `GET /search`, in the challenge's shape. */
export interface SearchEvent {
  id: string
  title: string
  start_date: string
  start_time: string
  end_date: string
  end_time: string
  min_price: number
  max_price: number
}

/** The window a search asked for: datetime-local values, '' for unbounded. */
export interface SearchWindow {
  startsAt: string
  endsAt: string
}
