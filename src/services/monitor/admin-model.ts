import type { AdminListQuery, AdminModel, AdminRow } from '../../kit/admin/admin-model.ts'
import { listTableRows } from '../../kit/admin/list-rows.ts'
import { findWebsite } from './repository/websites.ts'
import type { MonitorDb } from './repository/tables.ts'
import { WebsiteCreate } from './routes/schemas.ts'
import type { WebsiteService } from './website-service.ts'
import type { Website, WebsiteInput } from './website.ts'

/** Admin column → database column; filters and sorting name only these. */
const COLUMNS = {
  id: 'id',
  url: 'url',
  intervalSeconds: 'interval_seconds',
  regex: 'regex',
  regexMustMatch: 'regex_must_match',
  paused: 'paused',
  state: 'state',
  stateSince: 'state_since',
  updatedAt: 'updated_at',
}
const FLAGS = new Set(['regexMustMatch', 'paused'])
const NUMBERS = new Set(['id', 'intervalSeconds', 'stateSince', 'updatedAt'])

const fromWebsite = (w: Website): AdminRow => ({
  id: w.id,
  url: w.url,
  intervalSeconds: w.intervalSeconds,
  regex: w.regex,
  regexMustMatch: w.regexMustMatch,
  paused: w.paused,
  state: w.state,
  stateSince: w.stateSince,
  updatedAt: w.updatedAt,
})

/** A listed row as the API shows it: flags are 0/1 on SQLite, and `pg` returns int8 as text. */
function fromListed(row: AdminRow): AdminRow {
  const out: AdminRow = { ...row }
  for (const name of FLAGS) out[name] = Boolean(row[name])
  for (const name of NUMBERS) out[name] = row[name] === null ? null : Number(row[name])
  return out
}

/** Flags are stored as 0/1 on SQLite: a boolean filter compares as one. */
function storedQuery(query: AdminListQuery): AdminListQuery {
  const filter = query.filter
  if (!filter || typeof filter.value !== 'boolean') return query
  return { ...query, filter: { ...filter, value: filter.value ? 1 : 0 } }
}

const SETTINGS = ['url', 'intervalSeconds', 'regex', 'regexMustMatch', 'failureThreshold', 'webhookUrl', 'paused'] as const

/** The settings in a row the admin validated with the API's schema. */
function settingsOf(row: AdminRow): Partial<WebsiteInput> {
  const out: Partial<Record<(typeof SETTINGS)[number], unknown>> = {}
  for (const name of SETTINGS) if (row[name] !== undefined) out[name] = row[name]
  return out as Partial<WebsiteInput>
}

/**
 * monitor's websites in the admin. Every write goes through the WebsiteService the API
 * uses, so validation, the unique url, the engine's rescheduling and the purge of a
 * deleted website's history happen exactly as they do for an API call.
 */
export function websitesAdmin(deps: { db: MonitorDb; websites: WebsiteService }): AdminModel {
  const { db, websites } = deps
  return {
    name: 'websites',
    label: 'Websites',
    description: 'The monitored websites; state is the engine\u2019s, the rest their settings.',
    table: 'monitor_website',
    key: 'id',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'url', type: 'string', editable: true },
      { name: 'intervalSeconds', label: 'interval (s)', type: 'integer', editable: true },
      { name: 'regex', type: 'string', editable: true },
      { name: 'regexMustMatch', label: 'regex must match', type: 'boolean', editable: true },
      { name: 'paused', type: 'boolean', editable: true },
      { name: 'state', type: 'string' },
      { name: 'stateSince', label: 'state since', type: 'timestamp' },
      { name: 'updatedAt', label: 'updated', type: 'timestamp' },
    ],
    schema: WebsiteCreate,
    async list(query) {
      const page = await listTableRows(db, 'monitor_website', COLUMNS, 'id', storedQuery(query))
      return { rows: page.rows.map(fromListed), total: page.total }
    },
    async get(id) {
      const found = await findWebsite(db, Number(id))
      return found ? fromWebsite(found) : undefined
    },
    create: async (row) => fromWebsite(await websites.create(settingsOf(row) as WebsiteInput)),
    update: async (id, changes) => fromWebsite(await websites.update(Number(id), settingsOf(changes))),
    delete: (id) => websites.delete(Number(id)),
    notes: 'A deleted website\u2019s checks are purged in the background a few minutes later. Pause a website to keep its history without checking it.',
  }
}
