import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import { runMigrations } from '../../../src/kit/runtime.ts'
import { hotelsService } from '../../../src/services/hotels/index.ts'
import type { NewHotel } from '../../../src/services/hotels/hotel-data.ts'
import { countHotels, deleteHotel, findHotel, insertHotels, listHotels, listHotelsForAdmin, updateHotel } from '../../../src/services/hotels/repository/hotels.ts'
import * as items from '../../../src/services/hotels/repository/scrape-items.ts'
import * as scrapes from '../../../src/services/hotels/repository/scrapes.ts'
import type { HotelsTables } from '../../../src/services/hotels/repository/tables.ts'
import type { ListEntry } from '../../../src/services/hotels/source/parse-list.ts'
import { eachDialect } from '../../helpers/databases.ts'

const T = Date.UTC(2026, 0, 1)

function newHotel(uid: number, extra: Partial<NewHotel> = {}): NewHotel {
  return { uid, cityId: 1, name: `Hotel ${uid}`, description: null, url: `http://x/${uid}`, rating: 4.5, reviews: 10, rank: uid, rankTotal: 50, stars: null, ...extra }
}

function entry(id: number): ListEntry {
  return { id, name: `Hotel ${id}`, url: `http://x/${id}`, rating: null, reviews: null }
}

test('stored hotels: idempotent on uid, paged oldest first, edited and deleted; numbers come back as numbers', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await runMigrations(database, [hotelsService])
    const db = database.db as Kysely<HotelsTables>
    const first = await insertHotels(db, [newHotel(10, { rating: 3.5, stars: 4.5 }), newHotel(20)], T)
    assert.deepEqual(first.map((h) => h.uid), [10, 20])
    assert.deepEqual(await insertHotels(db, [newHotel(20, { name: 'again' }), newHotel(30)], T + 1).then((r) => r.map((h) => h.uid)), [30])
    assert.equal(await countHotels(db), 3)
    const page = await listHotels(db, 1, 5)
    assert.deepEqual(page.map((h) => [h.uid, h.name]), [[20, 'Hotel 20'], [30, 'Hotel 30']])
    const stored = (await findHotel(db, first[0]!.id))!
    assert.deepEqual({ ...stored, id: 0 }, { id: 0, ...newHotel(10, { rating: 3.5, stars: 4.5 }), createdAt: T, updatedAt: T })
    assert.equal(typeof stored.uid, 'number')
    const updated = await updateHotel(db, stored.id, { name: 'New name', rating: null }, T + 5)
    assert.deepEqual([updated?.name, updated?.rating, updated?.uid, updated?.updatedAt], ['New name', null, 10, T + 5])
    assert.equal(await updateHotel(db, 99_999, { name: 'x' }, T), undefined)
    const admin = await listHotelsForAdmin(db, { filter: { column: 'rating', op: 'gt', value: 4 }, sort: { column: 'uid', order: 'desc' }, offset: 0, limit: 10 })
    assert.deepEqual([admin.total, admin.rows.map((h) => h.uid)], [2, [30, 20]])
    assert.equal(await deleteHotel(db, stored.id), true)
    assert.equal(await deleteHotel(db, stored.id), false)
  })
})

test('a search record: its list pages and hotels, sub-job outcomes, and the end once the last hotel finishes', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await runMigrations(database, [hotelsService])
    const db = database.db as Kysely<HotelsTables>
    await scrapes.insertScrape(db, { id: 7, query: 'Paris', firstPage: 1, pages: 2 }, T)
    await scrapes.setCity(db, 7, { name: 'Paris', geoId: 187147, listUrl: 'http://x/Hotels-g187147-Paris-Hotels.html' }, T)
    const queued = await scrapes.storeListPage(db, 7, { pageNo: 1, url: 'http://x/1', items: [{ entry: entry(1), position: 0 }, { entry: entry(2), position: 1 }, { entry: entry(3), position: 2, skipped: 'budget' }] }, T)
    assert.deepEqual(queued, [1, 2])
    // A hotel on two pages stays where it was first seen.
    assert.deepEqual(await scrapes.storeListPage(db, 7, { pageNo: 2, url: 'http://x/2', items: [{ entry: entry(2), position: 30 }, { entry: entry(4), position: 31 }] }, T), [4])
    assert.deepEqual([...(await scrapes.fetchedPages(db, 7)).entries()], [[1, 3], [2, 2]])
    assert.equal(await scrapes.pagesSpent(db, 7), 2 + 3, 'two list pages and three hotels given a sub-job')
    const scrape = (await scrapes.findScrape(db, 7))!
    assert.deepEqual([scrape.city?.geoId, scrape.pagesFetched, scrape.listedAt], [187147, 2, null])

    assert.equal(await scrapes.finishIfDone(db, 7, T), false, 'not listed yet')
    await scrapes.markListed(db, 7, null, T + 1)
    assert.equal((await items.claimItem(db, 7, 1, T + 2))?.entry.name, 'Hotel 1')
    await items.finishItem(db, 7, 1, { result: { id: 1, name: 'Hotel 1', url: 'http://x/1', rating: 4 } }, T + 3)
    await items.claimItem(db, 7, 2, T + 2)
    await items.requeueItem(db, 7, 2, 'HTTP 503', T + 3)
    await items.finishItem(db, 7, 4, { error: 'malformed page: x' }, T + 4)
    assert.deepEqual(await items.itemCounts(db, 7), { queued: 1, running: 0, succeeded: 1, failed: 1, skipped: 1 })
    assert.deepEqual((await items.findItem(db, 7, 2))!.attempts, 1)
    assert.equal(await scrapes.finishIfDone(db, 7, T + 5), false, 'hotel 2 is still queued')
    assert.deepEqual(await scrapes.activeScrapeIds(db, T + 100, 10), [7])

    await items.finishItem(db, 7, 2, { result: { id: 2, name: 'Hotel 2', url: 'http://x/2' } }, T + 6)
    await items.finishItem(db, 7, 2, { error: 'late' }, T + 7)
    assert.equal((await items.findItem(db, 7, 2))!.status, 'succeeded', 'a finished hotel stays finished')
    assert.equal(await items.claimItem(db, 7, 2, T + 8), undefined, 'and is not claimed again')
    assert.equal(await scrapes.finishIfDone(db, 7, T + 8), true)
    assert.equal(await scrapes.finishIfDone(db, 7, T + 9), false, 'only once')
    assert.equal((await scrapes.findScrape(db, 7))!.finishedAt, T + 8)
    assert.deepEqual((await items.finishedItems(db, 7)).map((i) => [i.hotelId, i.status]), [[1, 'succeeded'], [2, 'succeeded'], [3, 'skipped'], [4, 'failed']])
    assert.deepEqual((await items.finishedItems(db, 7, T + 5)).map((i) => i.hotelId), [2])
    assert.deepEqual(await scrapes.activeScrapeIds(db, T + 100, 10), [])
    assert.deepEqual(await scrapes.activeScrapeIds(db, T + 8, 10), [7])

    await scrapes.insertScrape(db, { id: 8, query: 'Rome', firstPage: 1, pages: 1 }, T)
    await scrapes.failScrape(db, 8, 'the source could not be read', T + 1)
    assert.deepEqual([(await scrapes.findScrape(db, 8))!.error, (await scrapes.listScrapes(db, 10)).map((s) => s.id)], ['the source could not be read', [8, 7]])
  })
})
