import type { Kysely } from 'kysely'
import Type from 'typebox'
import type { AdminListQuery, AdminModel, AdminRow } from '../../kit/admin/admin-model.ts'
import { listTableRows } from '../../kit/admin/list-rows.ts'
import type { EventsTables } from './repository.ts'

/** Admin column → table column; the summary and document (large JSON) are left out. */
const COLUMNS = {
  id: 'id',
  base_event_id: 'base_event_id',
  event_id: 'event_id',
  title: 'title',
  starts_at: 'starts_at',
  ends_at: 'ends_at',
  min_price: 'min_price',
  max_price: 'max_price',
  first_seen_at: 'first_seen_at',
  fetched_at: 'fetched_at',
}
const NUMERIC = ['starts_at', 'ends_at', 'min_price', 'max_price', 'first_seen_at', 'fetched_at'] as const

// PostgreSQL returns bigint columns as strings.
function row(raw: AdminRow): AdminRow {
  const out: AdminRow = { ...raw }
  for (const name of NUMERIC) out[name] = Number(raw[name])
  return out
}

/**
 * The stored events, read-only: every row comes from the provider feed, and the search
 * index of each process loads what ingestions write, by revision.
 */
export function eventsAdmin(deps: { db: Kysely<EventsTables> }): AdminModel {
  const page = async (query: AdminListQuery) => {
    const found = await listTableRows(deps.db, 'events_event', COLUMNS, 'id', query)
    return { rows: found.rows.map(row), total: found.total }
  }
  return {
    name: 'events',
    label: 'Events',
    description: 'Every event ever on sale online, with the values it had the last time the feed showed it online. Times are instants; the feed\u2019s wall times are read in EVENTS_PROVIDER_TIME_ZONE.',
    table: 'events_event',
    key: 'id',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'base_event_id', label: 'base event', type: 'string' },
      { name: 'event_id', label: 'event', type: 'string' },
      { name: 'title', type: 'string' },
      { name: 'starts_at', label: 'starts', type: 'timestamp' },
      { name: 'ends_at', label: 'ends', type: 'timestamp' },
      { name: 'min_price', label: 'min price', type: 'number' },
      { name: 'max_price', label: 'max price', type: 'number' },
      { name: 'first_seen_at', label: 'first seen', type: 'timestamp' },
      { name: 'fetched_at', label: 'values from fetch at', type: 'timestamp' },
    ],
    // Nothing is created or edited here, so no input schema.
    schema: Type.Object({}),
    list: page,
    async get(id) {
      const found = await page({ filter: { column: 'id', op: 'eq', value: String(id) }, offset: 0, limit: 1 })
      return found.rows[0]
    },
    notes:
      'Read-only: events come from the provider feed, and the next fetch would put back whatever was changed by hand. An event once served stays served, so none is deleted either. To change what is stored, change the feed and use Fetch now on the events page.',
  }
}
