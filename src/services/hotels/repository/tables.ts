import type { Generated, Kysely, Transaction } from 'kysely'
import type { ItemStatus } from '../scrape/scrape.ts'

export interface HotelTable {
  id: Generated<number>
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
  created_at: number
  updated_at: number
}

export interface ScrapeTable {
  id: number
  query: string
  first_page: number
  pages: number
  city_name: string | null
  city_geo_id: number | null
  list_url: string | null
  pages_fetched: Generated<number>
  note: string | null
  error: string | null
  created_at: number
  updated_at: number
  listed_at: number | null
  finished_at: number | null
}

export interface ScrapePageTable {
  scrape_id: number
  page_no: number
  url: string
  hotels: number
  fetched_at: number
}

export interface ScrapeItemTable {
  scrape_id: number
  hotel_id: number
  position: number
  /** The list entry (JSON). */
  entry: string
  status: ItemStatus
  /** The HotelData (JSON), once fetched. */
  result: string | null
  error: string | null
  attempts: Generated<number>
  updated_at: number
  finished_at: number | null
}

export interface HotelsTables {
  hotels_hotel: HotelTable
  hotels_scrape: ScrapeTable
  hotels_scrape_page: ScrapePageTable
  hotels_scrape_item: ScrapeItemTable
}

export type HotelsDb = Kysely<HotelsTables> | Transaction<HotelsTables>

/** pg returns int8 as numbers here (the kit's type parser), SQLite too; NULL stays null. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
