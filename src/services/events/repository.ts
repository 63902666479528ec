import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Dialect } from '../../kit/db/database.ts'
import { parseUuid } from './event-id.ts'
import type { IndexedEvent } from './event-columns.ts'

interface EventTable {
  id: string
  base_event_id: string
  event_id: string
  title: string
  starts_at: number
  ends_at: number
  min_price: number
  max_price: number
  summary: string
  document: string
  content_hash: string
  fetched_at: number
  first_seen_at: number
  revision: number
}
interface StateTable {
  id: number
  revision: number
}
export interface EventsTables {
  events_event: EventTable
  events_state: StateTable
}
export type EventsDb = Kysely<EventsTables> | Transaction<EventsTables>

/** An event as one ingestion stores it. */
export interface EventRecord {
  id: string
  baseEventId: string
  eventId: string
  title: string
  startAt: number
  endAt: number
  minPrice: number
  maxPrice: number
  summary: string
  document: string
  contentHash: string
}

export interface StoreCounts {
  inserted: number
  updated: number
  unchanged: number
}

/** Rows per statement: 14 parameters each, under SQLite's limit of 32,766. */
const BATCH = 500

/**
 * Takes the next revision. On PostgreSQL the row stays locked until the transaction
 * commits, so ingestions commit in revision order and a reader that saw revision r has
 * seen every row written at r or before.
 */
export async function nextRevision(trx: EventsDb): Promise<number> {
  const row = await trx
    .updateTable('events_state')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .returning('revision')
    .executeTakeFirstOrThrow()
  return Number(row.revision)
}

export async function currentRevision(db: EventsDb): Promise<number> {
  const row = await db.selectFrom('events_state').select('revision').where('id', '=', 1).executeTakeFirstOrThrow()
  return Number(row.revision)
}

/**
 * Writes the events whose values changed (by content hash) at `revision`. A row written
 * from a feed fetched later than `fetchedAt` is left alone: an ingestion that was slow to
 * commit never overwrites newer values. The event loop turns between batches: on SQLite,
 * whose calls are synchronous, parsing and storing a feed of 2,000 changed events held it
 * for up to 160 ms (`npm run soak`); the transaction keeps the connection meanwhile, so
 * nothing else writes in between.
 */
export async function storeEvents(trx: EventsDb, events: readonly EventRecord[], fetchedAt: number, revision: number): Promise<StoreCounts> {
  const counts: StoreCounts = { inserted: 0, updated: 0, unchanged: 0 }
  for (let i = 0; i < events.length; i += BATCH) {
    if (i > 0) await yieldToLoop()
    const batch = events.slice(i, i + BATCH)
    const stored = await trx
      .selectFrom('events_event')
      .select(['id', 'content_hash'])
      .where(
        'id',
        'in',
        batch.map((e) => e.id),
      )
      .execute()
    const hashes = new Map(stored.map((r) => [r.id, r.content_hash]))
    const changed = batch.filter((e) => hashes.get(e.id) !== e.contentHash)
    counts.unchanged += batch.length - changed.length
    for (const e of changed) counts[hashes.has(e.id) ? 'updated' : 'inserted'] += 1
    if (changed.length === 0) continue
    await trx
      .insertInto('events_event')
      .values(changed.map((e) => toRow(e, fetchedAt, revision)))
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            starts_at: eb.ref('excluded.starts_at'),
            ends_at: eb.ref('excluded.ends_at'),
            min_price: eb.ref('excluded.min_price'),
            max_price: eb.ref('excluded.max_price'),
            summary: eb.ref('excluded.summary'),
            document: eb.ref('excluded.document'),
            content_hash: eb.ref('excluded.content_hash'),
            fetched_at: eb.ref('excluded.fetched_at'),
            revision: eb.ref('excluded.revision'),
          }))
          .where('events_event.fetched_at', '<=', (eb) => eb.ref('excluded.fetched_at')),
      )
      .execute()
  }
  return counts
}

function toRow(e: EventRecord, fetchedAt: number, revision: number): EventTable {
  return {
    id: e.id,
    base_event_id: e.baseEventId,
    event_id: e.eventId,
    title: e.title,
    starts_at: e.startAt,
    ends_at: e.endAt,
    min_price: e.minPrice,
    max_price: e.maxPrice,
    summary: e.summary,
    document: e.document,
    content_hash: e.contentHash,
    fetched_at: fetchedAt,
    first_seen_at: fetchedAt,
    revision,
  }
}

/**
 * Events written after `sinceRevision` (all of them for 0), in pages, so that loading a
 * million rows never holds more than one page of row objects. SQLite pages by rowid, the
 * table's physical order: paging by the text id went through its index to rows all over
 * the file, five times slower.
 */
export async function* indexedEventsSince(db: EventsDb, dialect: Dialect, sinceRevision: number, pageSize = 20_000): AsyncGenerator<IndexedEvent[]> {
  const position = dialect === 'sqlite' ? sql<string | number>`rowid` : sql<string | number>`id`
  let after: string | number = dialect === 'sqlite' ? 0 : ''
  for (;;) {
    let query = db
      .selectFrom('events_event')
      .select(['id', 'starts_at', 'ends_at', 'summary', position.as('position')])
      .where(position, '>', after)
      .orderBy(position)
      .limit(pageSize)
    if (sinceRevision > 0) query = query.where('revision', '>', sinceRevision)
    const rows = await query.execute()
    if (rows.length === 0) return
    after = rows[rows.length - 1]!.position
    yield rows.map((r) => ({ id: parseUuid(r.id), startAt: Number(r.starts_at), endAt: Number(r.ends_at), json: r.summary }))
    if (rows.length < pageSize) return
  }
}

export interface DocumentQuery {
  /** Exclusive bounds on the start, in ms; undefined: unbounded. */
  after?: number | undefined
  before?: number | undefined
  limit: number
  offset: number
}

/** The original service's documents (JSON text), ordered by start then id. */
export async function eventDocuments(db: EventsDb, q: DocumentQuery): Promise<string[]> {
  let query = db.selectFrom('events_event').select('document').orderBy('starts_at').orderBy('id').limit(q.limit).offset(q.offset)
  if (q.after !== undefined) query = query.where('starts_at', '>', q.after)
  if (q.before !== undefined) query = query.where('starts_at', '<', q.before)
  const rows = await query.execute()
  return rows.map((r) => r.document)
}

export async function countEvents(db: EventsDb): Promise<number> {
  const row = await db.selectFrom('events_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
