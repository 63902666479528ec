import type { HotelData } from '../hotel-data.ts'
import { itemStatuses, type ItemStatus, type ScrapeItem } from '../scrape/scrape.ts'
import type { ListEntry } from '../source/parse-list.ts'
import type { Row } from './scrapes.ts'
import { num, type HotelsDb, type ScrapeItemTable } from './tables.ts'

/** The hotels of a search: one row each, its sub-job's state and, once fetched, its data. */

function toItem(row: Row<ScrapeItemTable>): ScrapeItem {
  return {
    scrapeId: Number(row.scrape_id),
    hotelId: Number(row.hotel_id),
    position: Number(row.position),
    entry: JSON.parse(row.entry) as ListEntry,
    status: row.status,
    result: row.result === null ? null : (JSON.parse(row.result) as HotelData),
    error: row.error,
    attempts: Number(row.attempts),
    finishedAt: num(row.finished_at),
  }
}

export async function findItem(db: HotelsDb, scrapeId: number, hotelId: number): Promise<ScrapeItem | undefined> {
  const row = await db.selectFrom('hotels_scrape_item').selectAll().where('scrape_id', '=', scrapeId).where('hotel_id', '=', hotelId).executeTakeFirst()
  return row ? toItem(row) : undefined
}

/** Marks an unfinished hotel running and returns it; undefined when it is finished (or unknown). One statement: a rerun asks once. */
export async function claimItem(db: HotelsDb, scrapeId: number, hotelId: number, now: number): Promise<ScrapeItem | undefined> {
  const row = await db
    .updateTable('hotels_scrape_item')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('scrape_id', '=', scrapeId)
    .where('hotel_id', '=', hotelId)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst()
  return row ? toItem(row) : undefined
}

/** A sub-job that will be tried again: back to queued, with the last error kept. */
export async function requeueItem(db: HotelsDb, scrapeId: number, hotelId: number, error: string, now: number): Promise<void> {
  await db
    .updateTable('hotels_scrape_item')
    .set({ status: 'queued', error, updated_at: now })
    .where('scrape_id', '=', scrapeId)
    .where('hotel_id', '=', hotelId)
    .where('status', 'in', ['queued', 'running'])
    .execute()
}

export async function finishItem(db: HotelsDb, scrapeId: number, hotelId: number, outcome: { result: HotelData } | { error: string }, now: number): Promise<void> {
  const done = 'result' in outcome
  await db
    .updateTable('hotels_scrape_item')
    .set({
      status: done ? 'succeeded' : 'failed',
      result: done ? JSON.stringify(outcome.result) : null,
      error: done ? null : outcome.error,
      finished_at: now,
      updated_at: now,
    })
    .where('scrape_id', '=', scrapeId)
    .where('hotel_id', '=', hotelId)
    .where('status', 'in', ['queued', 'running'])
    .execute()
}

export async function itemCounts(db: HotelsDb, id: number): Promise<Record<ItemStatus, number>> {
  const rows = await db
    .selectFrom('hotels_scrape_item')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('scrape_id', '=', id)
    .groupBy('status')
    .execute()
  const counts = Object.fromEntries(itemStatuses.map((s) => [s, 0])) as Record<ItemStatus, number>
  for (const r of rows) counts[r.status] = Number(r.n)
  return counts
}

/** Finished items, in list order; with `since`, only those finished at or after it. */
export async function finishedItems(db: HotelsDb, id: number, since?: number): Promise<ScrapeItem[]> {
  let query = db.selectFrom('hotels_scrape_item').selectAll().where('scrape_id', '=', id).where('finished_at', 'is not', null)
  if (since !== undefined) query = query.where('finished_at', '>=', since)
  const rows = await query.orderBy('position').execute()
  return rows.map(toItem)
}
