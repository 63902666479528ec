/** A hotel as a search answers it and a selection carries it (the original's HotelData). */
export interface HotelData {
  id: number
  name: string
  description?: string | null
  url: string
  rating?: number | null
  reviews?: number | null
  rank?: number | null
  rank_total?: number | null
  stars?: number | null
}

export type SearchStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

/** A background search at a glance, as `/fastapi/ws` pushes it and `GET /api/hotels/jobs/{id}` reads it. */
export interface ProgressSummary {
  id: number
  status: SearchStatus
  /** 0 to 100; 100 only once the search has finished. */
  progress: number
  query: string
  page: number
  pages: number
  city: { name: string; geoId: number | null } | null
  subJobs: { queued: number; running: number; succeeded: number; failed: number; skipped: number; total: number }
  note: string | null
  error: string | null
  createdAt: number
  finishedAt: number | null
}

export interface HotelFailure {
  id: number
  name: string
  url: string
  status: 'failed' | 'skipped'
  error: string
}

/** `GET /api/hotels/jobs/{id}`: the summary with every hotel fetched so far. */
export interface JobProgress extends ProgressSummary {
  results: HotelData[]
  failures: HotelFailure[]
}

/** What the websocket sends a subscribed client. */
export type SocketMessage =
  | { type: 'progress'; job: ProgressSummary; results: HotelData[]; failures: HotelFailure[] }
  | { type: 'error'; message: string }

/** `GET /api/hotels/status`. */
export interface HotelsStatus {
  source: string
  concurrencyPerHost: number
  ratePerSecond: number
  timeoutMs: number
  maxPages: number
  respectRobots: boolean
  parseThreads: number
  stored: number
  searchesRunning: number
}

/** One hotel of `GET /hotels/api/drf/hotels/`, in the Django model's shape. */
export interface StoredHotel {
  id: number
  uid: number
  city_id: number
  name: string
  description: string | null
  url: string
  rating: number | null
  reviews: number | null
  rank: number | null
  rank_total: number | null
  stars: number | null
  created_at: string
  updated_at: string
}

/** A DRF page: 15 hotels, with links to its neighbours. */
export interface StoredPage {
  count: number
  next: string | null
  previous: string | null
  results: StoredHotel[]
}

export const finished = (status: SearchStatus): boolean => status === 'succeeded' || status === 'failed' || status === 'cancelled'
