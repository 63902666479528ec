import { errorCode, errorKind } from '../check.ts'
import type { StateChange, StoredStateChange } from '../state-change.ts'
import type { WebsiteState } from '../website.ts'
import type { MonitorDb } from './tables.ts'

/** Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters at 6 a row. */
const INSERT_CHUNK = 2000

/**
 * The changes as multi-row INSERTs; their ids, in the changes' order. RETURNING's row order
 * is not promised, so ids are matched back by (website, at): one website changes at most
 * once per check.
 */
export async function insertStateChanges(db: MonitorDb, changes: readonly StateChange[]): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < changes.length; i += INSERT_CHUNK) {
    const chunk = changes.slice(i, i + INSERT_CHUNK)
    const rows = await db
      .insertInto('monitor_state_change')
      .values(chunk.map((c) => ({ website_id: c.websiteId, at: c.at, from_state: c.from, to_state: c.to, status: c.status, error: errorCode(c.error) })))
      .returning(['id', 'website_id', 'at'])
      .execute()
    const byKey = new Map(rows.map((r) => [`${r.website_id}@${r.at}`, Number(r.id)]))
    for (const c of chunk) ids.push(byKey.get(`${c.websiteId}@${c.at}`)!)
  }
  return ids
}

/** Newest first; of one website, or of all. */
export async function listStateChanges(db: MonitorDb, options: { websiteId?: number; limit: number; before?: number }): Promise<StoredStateChange[]> {
  let query = db
    .selectFrom('monitor_state_change as c')
    .leftJoin('monitor_website as w', 'w.id', 'c.website_id')
    .select(['c.id', 'c.website_id', 'c.at', 'c.from_state', 'c.to_state', 'c.status', 'c.error', 'w.url'])
  if (options.websiteId !== undefined) query = query.where('c.website_id', '=', options.websiteId)
  if (options.before !== undefined) query = query.where('c.at', '<', options.before)
  const rows = await query.orderBy('c.at', 'desc').orderBy('c.id', 'desc').limit(options.limit).execute()
  return rows.map((r) => ({
    id: Number(r.id),
    websiteId: Number(r.website_id),
    url: r.url ?? '',
    at: Number(r.at),
    from: r.from_state as WebsiteState,
    to: r.to_state as WebsiteState,
    status: r.status === null ? null : Number(r.status),
    error: errorKind(r.error === null ? null : Number(r.error)),
  }))
}

export async function deleteStateChangesOf(db: MonitorDb, websiteId: number): Promise<void> {
  await db.deleteFrom('monitor_state_change').where('website_id', '=', websiteId).execute()
}

export async function deleteStateChangesBefore(db: MonitorDb, cutoff: number): Promise<number> {
  const result = await db.deleteFrom('monitor_state_change').where('at', '<', cutoff).executeTakeFirst()
  return Number(result.numDeletedRows)
}
