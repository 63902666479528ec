import { setMaxListeners } from 'node:events'
import type { HotelData } from '../hotel-data.ts'
import { hotelData, type Scraper } from '../source/scraper.ts'
import { FetchError } from '../source/fetch-error.ts'
import { PageFormatError } from '../source/page-format-error.ts'
import { describe, type ErrorLog } from './job-errors.ts'
import type { HotelFailure } from './progress.ts'

export interface SearchNowResult {
  hotels: HotelData[]
  failures: HotelFailure[]
}

/**
 * The original's asyncio search, during the request: the city, one list page, then every
 * hotel's page at once (the client's per-host limit decides how many are in flight). A
 * hotel whose page fails comes back with what the list page said of it, and is counted.
 */
export async function searchNow(scraper: Scraper, search: { query: string; page: number; maxPages: number; log: ErrorLog }, signal?: AbortSignal): Promise<SearchNowResult> {
  const city = await scraper.city(search.query, signal)
  const list = await scraper.listPage(city, search.page, signal)
  if (!list) return { hotels: [], failures: [] }
  const failures: HotelFailure[] = []
  // Every hotel's fetch listens to the request's signal at once (30 a page), each removing its
  // listener when done: not the leak Node warns of past 10.
  if (signal) setMaxListeners(4 * list.hotels.length + 10, signal)
  const budget = search.maxPages - 1
  const hotels = await Promise.all(
    list.hotels.map(async (entry, i) => {
      const fail = (status: HotelFailure['status'], error: string): HotelData => {
        failures.push({ id: entry.id, name: entry.name, url: entry.url, status, error })
        return hotelData(entry)
      }
      if (i >= budget) return fail('skipped', `not fetched: the search reached HOTELS_MAX_PAGES (${search.maxPages} pages)`)
      try {
        return await scraper.hotel(entry, signal)
      } catch (error) {
        if (signal?.aborted) throw error
        if (error instanceof FetchError || error instanceof PageFormatError) return fail('failed', describe(error, search.log))
        throw error
      }
    }),
  )
  return { hotels, failures }
}
