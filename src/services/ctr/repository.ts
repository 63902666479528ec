import type { Kysely, Transaction } from 'kysely'
import type { AdminListQuery } from '../../kit/admin/admin-model.ts'
import { listTableRows } from '../../kit/admin/list-rows.ts'
import type { Estimate } from './estimate.ts'

interface EstimateTable {
  ad_id: number
  estimated_cvr: number
  updated_at: number
}
export interface CtrTables {
  ctr_estimate: EstimateTable
}
export type CtrDb = Kysely<CtrTables> | Transaction<CtrTables>

/** Rows per INSERT: under SQLite's 32,766 bound-parameter limit at 3 per row. */
const BATCH = 2_000

/** Upserts; when an id repeats, the last value wins (one statement may not touch a row twice). */
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
  }
}

export interface ChangedPage {
  rows: Estimate[]
  /** The largest `updated_at` in this page, or the `since` given if it is empty. */
  maxUpdatedAt: number
}

/**
 * Rows changed at or after `since`, in pages by (updated_at, ad_id), so that a full load of
 * ten million rows never holds more than one page of row objects at once.
 */
export async function* changedSince(db: CtrDb, since: number, pageSize = 50_000): AsyncGenerator<ChangedPage> {
  let after: { updatedAt: number; adId: number } | undefined
  for (;;) {
    let query = db.selectFrom('ctr_estimate').select(['ad_id', 'estimated_cvr', 'updated_at']).orderBy('updated_at').orderBy('ad_id').limit(pageSize)
    query = after
      ? query.where((eb) => eb.or([eb('updated_at', '>', after!.updatedAt), eb.and([eb('updated_at', '=', after!.updatedAt), eb('ad_id', '>', after!.adId)])]))
      : query.where('updated_at', '>=', since)
    const rows = await query.execute()
    if (rows.length === 0) return
    const last = rows[rows.length - 1]!
    after = { updatedAt: Number(last.updated_at), adId: Number(last.ad_id) }
    yield { rows: rows.map((r) => ({ adId: Number(r.ad_id), estimatedCvr: Number(r.estimated_cvr) })), maxUpdatedAt: after.updatedAt }
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
