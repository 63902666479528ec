import type { Generated, Kysely, Transaction } from 'kysely'
import type { Dialect } from '../db/database.ts'

interface OutboxTable {
  id: Generated<number>
  topic: string
  payload: string
  published_at: number
  relayed_at: number | null
}

interface SubscriptionsTable {
  topic: string
  consumer_group: string
  since_message_id: number
  created_at: number
}

interface BusDB {
  bus_outbox: OutboxTable
  bus_subscriptions: SubscriptionsTable
}

export type BusExecutor = Kysely<BusDB> | Transaction<BusDB>

export interface OutboxMessage {
  id: number
  topic: string
  payload: unknown
  publishedAt: number
}

export interface StoredSubscription {
  topic: string
  group: string
  sinceMessageId: number
}

export async function insertMessage(db: BusExecutor, topic: string, payload: unknown, now: number): Promise<number> {
  const row = await db
    .insertInto('bus_outbox')
    .values({ topic, payload: JSON.stringify(payload ?? null), published_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters at 3 a row. */
const INSERT_CHUNK = 2000

/** One multi-row INSERT per chunk; ids rise in the payloads' order, as the relay delivers them. */
export async function insertMessages(db: BusExecutor, topic: string, payloads: readonly unknown[], now: number): Promise<void> {
  for (let i = 0; i < payloads.length; i += INSERT_CHUNK) {
    const rows = payloads.slice(i, i + INSERT_CHUNK).map((payload) => ({ topic, payload: JSON.stringify(payload ?? null), published_at: now }))
    await db.insertInto('bus_outbox').values(rows).execute()
  }
}

/** Records the subscription with the newest message id as of now; a group subscribing again keeps its first. */
export async function insertSubscription(db: BusExecutor, topic: string, group: string, now: number): Promise<void> {
  await db
    .insertInto('bus_subscriptions')
    .columns(['topic', 'consumer_group', 'since_message_id', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('bus_outbox')
        .select((s) => [
          s.cast<string>(s.val(topic), 'text').as('topic'),
          s.cast<string>(s.val(group), 'text').as('consumer_group'),
          s.fn.coalesce(s.fn.max('id'), s.cast<number>(s.val(0), 'bigint')).as('since_message_id'),
          s.cast<number>(s.val(now), 'bigint').as('created_at'),
        ])
        // SQLite needs a WHERE to tell the upsert's ON from a join's.
        .where((s) => s.lit(1), '=', 1),
    )
    .onConflict((oc) => oc.columns(['topic', 'consumer_group']).doNothing())
    .execute()
}

/** The id after which the group receives the topic's messages; undefined when it never subscribed. */
export async function findSubscriptionStart(db: BusExecutor, topic: string, group: string): Promise<number | undefined> {
  const row = await db.selectFrom('bus_subscriptions').select('since_message_id').where('topic', '=', topic).where('consumer_group', '=', group).executeTakeFirst()
  return row ? Number(row.since_message_id) : undefined
}

export async function listSubscriptions(db: BusExecutor): Promise<StoredSubscription[]> {
  const rows = await db.selectFrom('bus_subscriptions').select(['topic', 'consumer_group', 'since_message_id']).execute()
  return rows.map((r) => ({ topic: r.topic, group: r.consumer_group, sinceMessageId: Number(r.since_message_id) }))
}

/** The oldest messages not relayed yet; on PostgreSQL, locked so that concurrent relays take others. */
export async function claimUnrelayed(db: BusExecutor, dialect: Dialect, limit: number): Promise<OutboxMessage[]> {
  const query = db.selectFrom('bus_outbox').select(['id', 'topic', 'payload', 'published_at']).where('relayed_at', 'is', null).orderBy('id').limit(limit)
  const rows = await (dialect === 'postgres' ? query.forUpdate().skipLocked() : query).execute()
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic, payload: JSON.parse(r.payload), publishedAt: Number(r.published_at) }))
}

export async function markRelayed(db: BusExecutor, ids: number[], now: number): Promise<void> {
  if (ids.length > 0) await db.updateTable('bus_outbox').set({ relayed_at: now }).where('id', 'in', ids).execute()
}

export async function purgeRelayed(db: BusExecutor, relayedBefore: number): Promise<number> {
  const result = await db.deleteFrom('bus_outbox').where('relayed_at', '<', relayedBefore).executeTakeFirst()
  return Number(result.numDeletedRows)
}
