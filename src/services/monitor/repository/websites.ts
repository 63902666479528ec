import { sql, type Updateable } from 'kysely'
import type { Dialect } from '../../../kit/db/database.ts'
import type { Website, WebsiteInput, WebsiteState } from '../website.ts'
import { flag, type MonitorDb, type WebsiteTable } from './tables.ts'

type Row = Omit<WebsiteTable, 'id'> & { id: number }

function toWebsite(row: Row): Website {
  return {
    id: Number(row.id),
    url: row.url,
    intervalSeconds: Number(row.interval_seconds),
    regex: row.regex,
    regexMustMatch: Boolean(row.regex_must_match),
    failureThreshold: row.failure_threshold === null ? null : Number(row.failure_threshold),
    webhookUrl: row.webhook_url,
    paused: Boolean(row.paused),
    state: row.state as WebsiteState,
    stateSince: row.state_since === null ? null : Number(row.state_since),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function settings(input: Partial<WebsiteInput>): Updateable<WebsiteTable> {
  const out: Updateable<WebsiteTable> = {}
  if (input.url !== undefined) out.url = input.url
  if (input.intervalSeconds !== undefined) out.interval_seconds = input.intervalSeconds
  if (input.regex !== undefined) out.regex = input.regex
  if (input.regexMustMatch !== undefined) out.regex_must_match = flag(input.regexMustMatch)
  if (input.failureThreshold !== undefined) out.failure_threshold = input.failureThreshold
  if (input.webhookUrl !== undefined) out.webhook_url = input.webhookUrl
  if (input.paused !== undefined) out.paused = flag(input.paused)
  return out
}

export async function insertWebsite(db: MonitorDb, input: WebsiteInput, now: number): Promise<Website> {
  const row = await db
    .insertInto('monitor_website')
    .values({ regex_must_match: 0, paused: 0, ...settings(input), url: input.url, interval_seconds: input.intervalSeconds, state: 'unknown', created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toWebsite(row)
}

/** Updates settings; `updated_at` moves so that engines in other processes pick it up. */
export async function updateWebsite(db: MonitorDb, id: number, patch: Partial<WebsiteInput>, now: number): Promise<Website | undefined> {
  const row = await db.updateTable('monitor_website').set({ ...settings(patch), updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst()
  return row ? toWebsite(row) : undefined
}

/** The engine's record of a state change; not a settings change, so `updated_at` stays. */
/**
 * Each website's newest state, one UPDATE for them all (CASE on the id) rather than one a
 * website: a first interval changes the state of every website at once.
 */
export async function setWebsiteStates(db: MonitorDb, changes: ReadonlyArray<{ websiteId: number; to: WebsiteState; at: number }>): Promise<void> {
  const newest = new Map<number, { to: WebsiteState; at: number }>()
  for (const c of changes) newest.set(c.websiteId, c)
  for (let i = 0; i < newest.size; i += UPDATE_CHUNK) {
    const chunk = [...newest].slice(i, i + UPDATE_CHUNK)
    const ids = chunk.map(([id]) => id)
    const state = sql<string>`case ${sql.ref('id')} ${sql.join(chunk.map(([id, c]) => sql`when ${id} then ${c.to}`), sql` `)} end`
    // Bound parameters arrive untyped; PostgreSQL would read the CASE as text.
    const since = sql<number>`cast(case ${sql.ref('id')} ${sql.join(chunk.map(([id, c]) => sql`when ${id} then ${c.at}`), sql` `)} end as bigint)`
    await db.updateTable('monitor_website').set({ state, state_since: since }).where('id', 'in', ids).execute()
  }
}

/** Websites per UPDATE: 5 bound parameters each, well under SQLite's 32,766. */
const UPDATE_CHUNK = 2000

export async function deleteWebsite(db: MonitorDb, id: number): Promise<boolean> {
  const result = await db.deleteFrom('monitor_website').where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function findWebsite(db: MonitorDb, id: number): Promise<Website | undefined> {
  const row = await db.selectFrom('monitor_website').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toWebsite(row) : undefined
}

export async function findWebsiteByUrl(db: MonitorDb, url: string): Promise<Website | undefined> {
  const row = await db.selectFrom('monitor_website').selectAll().where('url', '=', url).executeTakeFirst()
  return row ? toWebsite(row) : undefined
}

export async function findWebsitesByUrl(db: MonitorDb, urls: string[]): Promise<Website[]> {
  const out: Website[] = []
  for (let i = 0; i < urls.length; i += 500) {
    const rows = await db.selectFrom('monitor_website').selectAll().where('url', 'in', urls.slice(i, i + 500)).execute()
    out.push(...rows.map(toWebsite))
  }
  return out
}

export interface WebsiteFilter {
  offset?: number
  limit?: number
  state?: WebsiteState | 'paused'
  /** Part of the url, matched case-sensitively as the original's `in` did. */
  contains?: string
}

function filtered(db: MonitorDb, dialect: Dialect, filter: WebsiteFilter) {
  let query = db.selectFrom('monitor_website')
  if (filter.state === 'paused') query = query.where('paused', '=', flag(true))
  else if (filter.state) query = query.where('state', '=', filter.state).where('paused', '=', flag(false))
  if (filter.contains !== undefined) {
    const position = dialect === 'postgres' ? sql<number>`strpos(url, ${filter.contains})` : sql<number>`instr(url, ${filter.contains})`
    query = query.where(position, '>', 0)
  }
  return query
}

export async function listWebsites(db: MonitorDb, dialect: Dialect, filter: WebsiteFilter): Promise<Website[]> {
  const rows = await filtered(db, dialect, filter)
    .selectAll()
    .orderBy('id')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute()
  return rows.map(toWebsite)
}

export async function countWebsites(db: MonitorDb, dialect: Dialect, filter: WebsiteFilter): Promise<number> {
  const row = await filtered(db, dialect, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function countByState(db: MonitorDb): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('monitor_website')
    .select(['state', 'paused', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['state', 'paused'])
    .execute()
  const out: Record<string, number> = { unknown: 0, up: 0, down: 0, paused: 0 }
  for (const r of rows) {
    const key = r.paused ? 'paused' : r.state
    out[key] = (out[key] ?? 0) + Number(r.n)
  }
  return out
}

/** Websites whose settings changed at or after `since` (paused ones included: the engine drops them). */
export async function websitesChangedSince(db: MonitorDb, since: number): Promise<Website[]> {
  const rows = await db.selectFrom('monitor_website').selectAll().where('updated_at', '>=', since).orderBy('updated_at').execute()
  return rows.map(toWebsite)
}

/** Every website, in pages of ids, for the engine's full reconcile and the periodic passes. */
export async function* allWebsites(db: MonitorDb, pageSize = 5000): AsyncGenerator<Website[]> {
  let after = 0
  for (;;) {
    const rows = await db.selectFrom('monitor_website').selectAll().where('id', '>', after).orderBy('id').limit(pageSize).execute()
    if (rows.length === 0) return
    const page = rows.map(toWebsite)
    yield page
    after = page[page.length - 1]!.id
    if (rows.length < pageSize) return
  }
}

/** When the oldest website was added, or undefined when there are none. */
export async function earliestWebsite(db: MonitorDb): Promise<number | undefined> {
  const row = await db.selectFrom('monitor_website').select((eb) => eb.fn.min<number>('created_at').as('t')).executeTakeFirst()
  return row?.t === null || row?.t === undefined ? undefined : Number(row.t)
}
