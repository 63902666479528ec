import type { HotelData } from '../hotel-data.ts'
import type { City } from '../source/profile.ts'
import type { ListEntry } from '../source/parse-list.ts'

export type ItemStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped'
export const itemStatuses: readonly ItemStatus[] = ['queued', 'running', 'succeeded', 'failed', 'skipped']
export const finishedItem = (status: ItemStatus): boolean => status === 'succeeded' || status === 'failed' || status === 'skipped'

/** A background search: a city's list pages, then one sub-job per hotel on them. */
export interface Scrape {
  id: number
  query: string
  firstPage: number
  pages: number
  city: City | null
  pagesFetched: number
  /** Why fewer pages were fetched than asked (the city has fewer, HOTELS_MAX_PAGES). */
  note: string | null
  /** Why the search failed as a whole (the city or a list page could not be read). */
  error: string | null
  createdAt: number
  updatedAt: number
  /** Every list page fetched and every hotel's sub-job enqueued. */
  listedAt: number | null
  /** Every sub-job finished, or the search failed. */
  finishedAt: number | null
}

/** One hotel of a search and its sub-job's state. */
export interface ScrapeItem {
  scrapeId: number
  hotelId: number
  position: number
  entry: ListEntry
  status: ItemStatus
  result: HotelData | null
  error: string | null
  attempts: number
  finishedAt: number | null
}
