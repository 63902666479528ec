import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Kysely } from 'kysely'
import type { Dialect } from '../../../src/kit/db/database.ts'
import { runMigrations } from '../../../src/kit/runtime.ts'
import { eventsService } from '../../../src/services/events/index.ts'
import { toRecord } from '../../../src/services/events/ingest.ts'
import type { FeedEvent } from '../../../src/services/events/feed-record.ts'
import {
  currentRevision,
  eventDocuments,
  indexedEventsSince,
  nextRevision,
  storeEvents,
  type EventRecord,
  type EventsTables,
} from '../../../src/services/events/repository.ts'
import { eachDialect } from '../../helpers/databases.ts'

const HOUR = 3_600_000
const T0 = Date.UTC(2021, 5, 1)

function feedEvent(n: number, price = 10): FeedEvent {
  const start = T0 + n * HOUR
  return {
    baseEventId: String(n),
    eventId: String(n),
    title: `event ${n}`,
    startWall: start,
    startAt: start,
    endWall: start + HOUR,
    endAt: start + HOUR,
    minPrice: price,
    maxPrice: price,
    document: JSON.stringify({ base_event: { base_event_id: String(n), event: { event_id: String(n), price: String(price), zone: [] } } }),
  }
}

async function store(db: Kysely<EventsTables>, records: EventRecord[], fetchedAt: number) {
  return db.transaction().execute(async (trx) => {
    const revision = await nextRevision(trx)
    return { revision, ...(await storeEvents(trx, records, fetchedAt, revision)) }
  })
}

async function since(db: Kysely<EventsTables>, dialect: Dialect, revision: number): Promise<string[]> {
  const out: string[] = []
  for await (const page of indexedEventsSince(db, dialect, revision, 7)) for (const e of page) out.push(JSON.parse(e.json).title)
  return out.sort()
}

test('only what changed is written, at a new revision; an older fetch never overwrites a newer one', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await runMigrations(database, [eventsService])
    const db = database.db as Kysely<EventsTables>
    assert.equal(await currentRevision(db), 0)

    const first = Array.from({ length: 1200 }, (_, n) => toRecord(feedEvent(n)))
    assert.deepEqual(await store(db, first, 1000), { revision: 1, inserted: 1200, updated: 0, unchanged: 0 })
    assert.equal((await since(db, database.dialect, 0)).length, 1200)

    const second = first.map((r, n) => (n === 5 ? toRecord(feedEvent(5, 12)) : r))
    assert.deepEqual(await store(db, second, 2000), { revision: 2, inserted: 0, updated: 1, unchanged: 1199 })
    assert.deepEqual(await since(db, database.dialect, 1), ['event 5'])
    assert.equal(await currentRevision(db), 2)

    // A fetch from before the last one, committing late: its values lose.
    await store(db, [toRecord(feedEvent(5, 99))], 1500)
    const row = await db.selectFrom('events_event').select(['min_price', 'fetched_at', 'first_seen_at']).where('base_event_id', '=', '5').executeTakeFirstOrThrow()
    assert.deepEqual([Number(row.min_price), Number(row.fetched_at), Number(row.first_seen_at)], [12, 2000, 1000])
  })
})

test('the original documents: starts strictly between the bounds, paged, ordered by start', async (t) => {
  await eachDialect(t, async ({ database }) => {
    await runMigrations(database, [eventsService])
    const db = database.db as Kysely<EventsTables>
    await store(db, [3, 1, 2, 4].map((n) => toRecord(feedEvent(n))), 1)
    const ids = async (q: Parameters<typeof eventDocuments>[1]) => (await eventDocuments(db, q)).map((d) => JSON.parse(d).base_event.base_event_id)
    assert.deepEqual(await ids({ limit: 10, offset: 0 }), ['1', '2', '3', '4'])
    assert.deepEqual(await ids({ after: T0 + HOUR, before: T0 + 4 * HOUR, limit: 10, offset: 0 }), ['2', '3'])
    assert.deepEqual(await ids({ after: T0 + HOUR - 1, limit: 2, offset: 1 }), ['2', '3'])
  })
})
