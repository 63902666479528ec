import { errorCode, errorKind } from '../check.ts'
import type { StateChange, StoredStateChange } from '../state-change.ts'
import type { WebsiteState } from '../website.ts'
import type { MonitorDb } from './tables.ts'

export async function insertStateChange(db: MonitorDb, change: StateChange): Promise<number> {
  const row = await db
    .insertInto('monitor_state_change')
    .values({ website_id: change.websiteId, at: change.at, from_state: change.from, to_state: change.to, status: change.status, error: errorCode(change.error) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
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
