import { sql, type Kysely, type Transaction } from 'kysely'
import type { AdminListQuery } from '../../kit/admin/admin-model.ts'
import { listTableRows } from '../../kit/admin/list-rows.ts'
import type { Estimate } from './estimate.ts'

interface EstimateTable {
  ad_id: number
  estimated_cvr: number
  updated_at: number
}
/** A deleted estimate, kept for a while so that other processes' snapshots see it go. */
interface TombstoneTable {
  ad_id: number
  deleted_at: number
}
export interface CtrTables {
  ctr_estimate: EstimateTable
  ctr_tombstone: TombstoneTable
}
export type CtrDb = Kysely<CtrTables> | Transaction<CtrTables>

/** Rows per INSERT: under SQLite's 32,766 bound-parameter limit at 3 per row. */
const BATCH = 2_000

/**
 * Upserts; when an id repeats, the last value wins (one statement may not touch a row twice).
 * An id that was deleted comes back: its tombstone goes, so an id is only ever in one of
 * the two tables.
 */
export async function upsertEstimates(db: CtrDb, estimates: readonly Estimate[], now: number): Promise<void> {
  const last = new Map<number, number>()
  for (const e of estimates) last.set(e.adId, e.estimatedCvr)
  const all = [...last].map(([ad_id, estimated_cvr]) => ({ ad_id, estimated_cvr, updated_at: now }))
  for (let i = 0; i < all.length; i += BATCH) {
    const rows = all.slice(i, i + BATCH)
    await db
      .insertInto('ctr_estimate')
      .values(rows)
      .onConflict((oc) => oc.column('ad_id').doUpdateSet((eb) => ({ estimated_cvr: eb.ref('excluded.estimated_cvr'), updated_at: eb.ref('excluded.updated_at') })))
      .execute()
    await db.deleteFrom('ctr_tombstone').where('ad_id', 'in', rows.map((r) => r.ad_id)).execute()
  }
}

/** Deletes an estimate and leaves its tombstone, stamped `now`; false when there was none. */
export async function replaceWithTombstone(db: CtrDb, adId: number, now: number): Promise<boolean> {
  const deleted = await db.deleteFrom('ctr_estimate').where('ad_id', '=', adId).executeTakeFirst()
  if (Number(deleted.numDeletedRows) === 0) return false
  await db
    .insertInto('ctr_tombstone')
    .values({ ad_id: adId, deleted_at: now })
    .onConflict((oc) => oc.column('ad_id').doUpdateSet({ deleted_at: now }))
    .execute()
  return true
}

/** Drops tombstones stamped before `before`; returns how many. */
export async function purgeTombstones(db: CtrDb, before: number): Promise<number> {
  const result = await db.deleteFrom('ctr_tombstone').where('deleted_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** A change to apply to a snapshot: a value, or `null` for a deleted estimate. */
export interface EstimateChange {
  adId: number
  estimatedCvr: number | null
}

export interface ChangedPage {
  /** In stamp order, so that applying them one by one leaves the latest state. */
  changes: EstimateChange[]
  /** The largest stamp in this page. */
  maxStamp: number
}

/**
 * Estimates written and deleted at or after `since`, in one query over both tables (an id
 * is in one of them at a time), in pages by (stamp, ad_id), so that a full load of ten
 * million rows never holds more than one page of row objects at once.
 */
export async function* changedSince(db: CtrDb, since: number, pageSize = 50_000): AsyncGenerator<ChangedPage> {
  let after: { stamp: number; adId: number } | undefined
  for (;;) {
    const from = after
    const live = db
      .selectFrom('ctr_estimate')
      .select((eb) => ['ad_id', eb.ref('estimated_cvr').$castTo<number | null>().as('estimated_cvr'), 'updated_at as stamp'])
      .where((eb) => (from ? eb.or([eb('updated_at', '>', from.stamp), eb.and([eb('updated_at', '=', from.stamp), eb('ad_id', '>', from.adId)])]) : eb('updated_at', '>=', since)))
    const gone = db
      .selectFrom('ctr_tombstone')
      .select(['ad_id', sql<number | null>`null`.as('estimated_cvr'), 'deleted_at as stamp'])
      .where((eb) => (from ? eb.or([eb('deleted_at', '>', from.stamp), eb.and([eb('deleted_at', '=', from.stamp), eb('ad_id', '>', from.adId)])]) : eb('deleted_at', '>=', since)))
    const rows = await live.unionAll(gone).orderBy('stamp').orderBy('ad_id').limit(pageSize).execute()
    if (rows.length === 0) return
    const last = rows[rows.length - 1]!
    after = { stamp: Number(last.stamp), adId: Number(last.ad_id) }
    yield {
      changes: rows.map((r) => ({ adId: Number(r.ad_id), estimatedCvr: r.estimated_cvr === null ? null : Number(r.estimated_cvr) })),
      maxStamp: after.stamp,
    }
    if (rows.length < pageSize) return
  }
}

export async function countEstimates(db: CtrDb): Promise<number> {
  const row = await db.selectFrom('ctr_estimate').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface StoredEstimate extends Estimate {
  updatedAt: number
}

function stored(row: { ad_id: unknown; estimated_cvr: unknown; updated_at: unknown }): StoredEstimate {
  return { adId: Number(row.ad_id), estimatedCvr: Number(row.estimated_cvr), updatedAt: Number(row.updated_at) }
}

export async function findEstimate(db: CtrDb, adId: number): Promise<StoredEstimate | undefined> {
  const row = await db.selectFrom('ctr_estimate').select(['ad_id', 'estimated_cvr', 'updated_at']).where('ad_id', '=', adId).executeTakeFirst()
  return row ? stored(row) : undefined
}

/** A page for the admin; `query` names the admin's columns, mapped here to the table's. */
export async function listEstimates(db: CtrDb, query: AdminListQuery): Promise<{ rows: StoredEstimate[]; total: number }> {
  const columns = { adId: 'ad_id', estimatedCVR: 'estimated_cvr', updatedAt: 'updated_at' }
  const page = await listTableRows(db, 'ctr_estimate', columns, 'adId', query)
  return { rows: page.rows.map((r) => stored({ ad_id: r.adId, estimated_cvr: r.estimatedCVR, updated_at: r.updatedAt })), total: page.total }
}
