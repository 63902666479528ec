// Stores N events straight through the repository, as N ingestions' worth of feed would:
// starts spread over 2026 at whole minutes, two hours long, two zones each.
import path from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase } from '../../src/kit/db/database.ts'
import { runMigrations } from '../../src/kit/runtime.ts'
import type { FeedEvent } from '../../src/services/events/feed-record.ts'
import { eventsService } from '../../src/services/events/index.ts'
import { toRecord } from '../../src/services/events/ingest.ts'
import { nextRevision, storeEvents, type EventsTables } from '../../src/services/events/repository.ts'
import { lcg } from '../lib/random.ts'

export const SEED_T0 = Date.UTC(2026, 0, 1)
export const SEED_MINUTES = 365 * 24 * 60
export const SEED_DURATION_MS = 2 * 3_600_000
const BATCH = 50_000

function event(n: number, random: () => number): FeedEvent {
  const start = SEED_T0 + Math.floor(random() * SEED_MINUTES) * 60_000
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19)
  const [low, high] = [10 + Math.floor(random() * 5000) / 100, 60 + Math.floor(random() * 5000) / 100]
  const base = { base_event_id: String(n >> 1), sell_mode: 'online', title: `Show number ${n >> 1}` }
  const zones = [
    { zone_id: '1', capacity: '100', price: low.toFixed(2), name: 'Pista', numbered: 'false' },
    { zone_id: '2', capacity: '50', price: high.toFixed(2), name: 'Grada', numbered: 'true' },
  ]
  const attributes = { event_start_date: iso(start), event_end_date: iso(start + SEED_DURATION_MS), event_id: String(n), sold_out: 'false' }
  return {
    baseEventId: base.base_event_id,
    eventId: String(n),
    title: base.title,
    startWall: start,
    startAt: start,
    endWall: start + SEED_DURATION_MS,
    endAt: start + SEED_DURATION_MS,
    minPrice: low,
    maxPrice: high,
    document: JSON.stringify({ base_event: { ...base, event: { ...attributes, zone: zones } } }),
  }
}

/** Fills the SQLite database of `dataDir` with `count` events; returns the seconds it took. */
export async function seedEvents(dataDir: string, count: number): Promise<number> {
  const started = performance.now()
  const database = openDatabase({ sqliteFile: path.join(dataDir, 'flotilla.db') })
  try {
    await runMigrations(database, [eventsService])
    const db = database.db as Kysely<EventsTables>
    const random = lcg(7)
    for (let from = 0; from < count; from += BATCH) {
      const records = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => toRecord(event(from + i, random)))
      await db.transaction().execute(async (trx) => storeEvents(trx, records, Date.now(), await nextRevision(trx)))
    }
  } finally {
    await database.close()
  }
  return (performance.now() - started) / 1000
}
