// The server's own types (`import type`: erased from the bundle).
import type { HotelData } from '../../../../src/services/hotels/hotel-data.ts'
import type { HotelFailure, JobProgress, ProgressSummary, SearchStatus } from '../../../../src/services/hotels/scrape/progress.ts'

export type { HotelData, HotelFailure, JobProgress, ProgressSummary, SearchStatus }

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
