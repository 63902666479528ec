import type { Scrape } from '../scrape/scrape.ts'
import type { ListEntry } from '../source/parse-list.ts'
import type { City } from '../source/profile.ts'
import { num, type HotelsDb, type ScrapeItemTable, type ScrapeTable } from './tables.ts'

export type Row<T> = { [K in keyof T]: T[K] extends import('kysely').Generated<infer V> ? V : T[K] }

function toScrape(row: Row<ScrapeTable>): Scrape {
  return {
    id: Number(row.id),
    query: row.query,
    firstPage: Number(row.first_page),
    pages: Number(row.pages),
    city: row.list_url === null ? null : { name: row.city_name ?? '', geoId: num(row.city_geo_id), listUrl: row.list_url },
    pagesFetched: Number(row.pages_fetched),
    note: row.note,
    error: row.error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    listedAt: num(row.listed_at),
    finishedAt: num(row.finished_at),
  }
}

export async function insertScrape(db: HotelsDb, s: { id: number; query: string; firstPage: number; pages: number }, now: number): Promise<void> {
  await db
    .insertInto('hotels_scrape')
    .values({ id: s.id, query: s.query, first_page: s.firstPage, pages: s.pages, city_name: null, city_geo_id: null, list_url: null, note: null, error: null, created_at: now, updated_at: now, listed_at: null, finished_at: null })
    .execute()
}

export async function findScrape(db: HotelsDb, id: number): Promise<Scrape | undefined> {
  const row = await db.selectFrom('hotels_scrape').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toScrape(row) : undefined
}

/** Newest first. */
export async function listScrapes(db: HotelsDb, limit: number): Promise<Scrape[]> {
  const rows = await db.selectFrom('hotels_scrape').selectAll().orderBy('id', 'desc').limit(limit).execute()
  return rows.map(toScrape)
}

/** Searches not finished, or finished at or after `since`: the ones whose progress may still change for a watcher. */
export async function activeScrapeIds(db: HotelsDb, since: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('hotels_scrape')
    .select('id')
    .where((eb) => eb.or([eb('finished_at', 'is', null), eb('finished_at', '>=', since)]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => Number(r.id))
}

export async function countUnfinishedScrapes(db: HotelsDb): Promise<number> {
  const row = await db.selectFrom('hotels_scrape').select((eb) => eb.fn.countAll<number>().as('n')).where('finished_at', 'is', null).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function setCity(db: HotelsDb, id: number, city: City, now: number): Promise<void> {
  await db.updateTable('hotels_scrape').set({ city_name: city.name, city_geo_id: city.geoId, list_url: city.listUrl, updated_at: now }).where('id', '=', id).execute()
}

export async function fetchedPages(db: HotelsDb, id: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('hotels_scrape_page').select(['page_no', 'hotels']).where('scrape_id', '=', id).execute()
  return new Map(rows.map((r) => [Number(r.page_no), Number(r.hotels)]))
}

/** Pages a search has spent: its list pages, and the hotels given a sub-job. */
export async function pagesSpent(db: HotelsDb, id: number): Promise<number> {
  const scrape = await db.selectFrom('hotels_scrape').select('pages_fetched').where('id', '=', id).executeTakeFirstOrThrow()
  const items = await db
    .selectFrom('hotels_scrape_item')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('scrape_id', '=', id)
    .where('status', '!=', 'skipped')
    .executeTakeFirstOrThrow()
  return Number(scrape.pages_fetched) + Number(items.n)
}

export interface NewItem {
  entry: ListEntry
  position: number
  /** `skipped` with its reason, for hotels past the page budget. */
  skipped?: string
}

/** Records a fetched list page and its hotels (a hotel already on an earlier page is kept there). Returns the new items' ids. */
export async function storeListPage(db: HotelsDb, id: number, page: { pageNo: number; url: string; items: NewItem[] }, now: number): Promise<number[]> {
  await db.insertInto('hotels_scrape_page').values({ scrape_id: id, page_no: page.pageNo, url: page.url, hotels: page.items.length, fetched_at: now }).execute()
  await db
    .updateTable('hotels_scrape')
    .set((eb) => ({ pages_fetched: eb('pages_fetched', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute()
  if (page.items.length === 0) return []
  const rows = page.items.map((item): Row<ScrapeItemTable> => ({
    scrape_id: id,
    hotel_id: item.entry.id,
    position: item.position,
    entry: JSON.stringify(item.entry),
    status: item.skipped ? 'skipped' : 'queued',
    result: null,
    error: item.skipped ?? null,
    attempts: 0,
    updated_at: now,
    finished_at: item.skipped ? now : null,
  }))
  const inserted = await db
    .insertInto('hotels_scrape_item')
    .values(rows)
    .onConflict((oc) => oc.columns(['scrape_id', 'hotel_id']).doNothing())
    .returning(['hotel_id', 'status'])
    .execute()
  return inserted.filter((r) => r.status === 'queued').map((r) => Number(r.hotel_id))
}

export async function markListed(db: HotelsDb, id: number, note: string | null, now: number): Promise<void> {
  await db.updateTable('hotels_scrape').set({ listed_at: now, note, updated_at: now }).where('id', '=', id).where('listed_at', 'is', null).execute()
}

export async function failScrape(db: HotelsDb, id: number, error: string, now: number): Promise<void> {
  await db.updateTable('hotels_scrape').set({ error, finished_at: now, updated_at: now }).where('id', '=', id).where('finished_at', 'is', null).execute()
}

/**
 * Marks the search finished once it is listed and no sub-job is left, whoever gets there
 * last: one statement, so two processes finishing the last two hotels cannot both miss it.
 */
export async function finishIfDone(db: HotelsDb, id: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable('hotels_scrape')
    .set({ finished_at: now, updated_at: now })
    .where('id', '=', id)
    .where('finished_at', 'is', null)
    .where('listed_at', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('hotels_scrape_item')
            .select('hotel_id')
            .where('scrape_id', '=', id)
            .where('status', 'in', ['queued', 'running']),
        ),
      ),
    )
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}
