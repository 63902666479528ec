import { errorCode, errorKind, type Check, type CheckRecord, type Match } from '../check.ts'
import { flag, INSERT_CHUNK, type CheckTable, type MonitorDb } from './tables.ts'

type Row = Omit<CheckTable, 'id'> & { id: number }

function toCheck(row: Row): Check {
  return {
    id: Number(row.id),
    websiteId: Number(row.website_id),
    startedAt: Number(row.started_at),
    durationMs: Number(row.response_ms),
    status: row.status === null ? null : Number(row.status),
    error: errorKind(row.error === null ? null : Number(row.error)),
    matches: row.matches === null ? null : (JSON.parse(row.matches) as Match[]),
    up: Boolean(row.up),
  }
}

/** One multi-row INSERT per chunk: a batch of checks costs a statement, not a statement each. */
export async function insertChecks(db: MonitorDb, checks: readonly CheckRecord[]): Promise<void> {
  for (let i = 0; i < checks.length; i += INSERT_CHUNK) {
    const rows = checks.slice(i, i + INSERT_CHUNK).map((c) => ({
      website_id: c.websiteId,
      started_at: c.startedAt,
      response_ms: c.durationMs,
      status: c.status,
      error: errorCode(c.error),
      up: flag(c.up),
      matches: c.matches === null ? null : JSON.stringify(c.matches),
    }))
    await db.insertInto('monitor_check').values(rows).execute()
  }
}

export interface CheckPage {
  limit: number
  offset?: number
  /** Only checks that started in [from, to). */
  from?: number
  to?: number
}

/** A website's checks, newest first (the index on (website_id, started_at) read backwards). */
export async function listChecks(db: MonitorDb, websiteId: number, page: CheckPage): Promise<Check[]> {
  let query = db.selectFrom('monitor_check').selectAll().where('website_id', '=', websiteId)
  if (page.from !== undefined) query = query.where('started_at', '>=', page.from)
  if (page.to !== undefined) query = query.where('started_at', '<', page.to)
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute()
  return rows.map(toCheck)
}

export async function latestCheck(db: MonitorDb, websiteId: number): Promise<Check | undefined> {
  const [check] = await listChecks(db, websiteId, { limit: 1 })
  return check
}

/** The few columns the aggregates need, for checks of these websites in [from, to). */
export interface CheckSample {
  websiteId: number
  startedAt: number
  durationMs: number
  status: number | null
  up: boolean
}

export async function checkSamples(db: MonitorDb, websiteIds: readonly number[], from: number, to: number): Promise<CheckSample[]> {
  if (websiteIds.length === 0) return []
  const rows = await db
    .selectFrom('monitor_check')
    .select(['website_id', 'started_at', 'response_ms', 'status', 'up'])
    .where('website_id', 'in', websiteIds)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .execute()
  return rows.map((r) => ({ websiteId: Number(r.website_id), startedAt: Number(r.started_at), durationMs: Number(r.response_ms), status: r.status === null ? null : Number(r.status), up: Boolean(r.up) }))
}

/** Checks and up checks per website since `from`, for the list's uptime column. */
export async function countChecksSince(db: MonitorDb, websiteIds: readonly number[], from: number): Promise<Map<number, { checks: number; up: number }>> {
  const out = new Map<number, { checks: number; up: number }>()
  if (websiteIds.length === 0) return out
  const rows = await db
    .selectFrom('monitor_check')
    .select(['website_id', (eb) => eb.fn.countAll<number>().as('checks'), (eb) => eb.fn.sum<number>(eb.cast('up', 'integer')).as('up')])
    .where('website_id', 'in', websiteIds)
    .where('started_at', '>=', from)
    .groupBy('website_id')
    .execute()
  for (const r of rows) out.set(Number(r.website_id), { checks: Number(r.checks), up: Number(r.up ?? 0) })
  return out
}

/** Deletes these websites' checks that started before `cutoff`; returns how many. */
export async function deleteChecksBefore(db: MonitorDb, websiteIds: readonly number[], cutoff: number): Promise<number> {
  if (websiteIds.length === 0) return 0
  const result = await db.deleteFrom('monitor_check').where('website_id', 'in', websiteIds).where('started_at', '<', cutoff).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Deletes up to `limit` checks of a (deleted) website; returns how many. */
export async function deleteChecksOf(db: MonitorDb, websiteId: number, limit: number): Promise<number> {
  const ids = db.selectFrom('monitor_check').select('id').where('website_id', '=', websiteId).limit(limit)
  const result = await db.deleteFrom('monitor_check').where('id', 'in', ids).executeTakeFirst()
  return Number(result.numDeletedRows)
}
