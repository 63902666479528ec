import type { Generated, Kysely, Transaction } from 'kysely'

/** Flags are 0/1 on SQLite and booleans on PostgreSQL; both accept 0/1 on the way in. */
type Flag = number | boolean

export interface WebsiteTable {
  id: Generated<number>
  url: string
  interval_seconds: number
  regex: string | null
  regex_must_match: Flag
  failure_threshold: number | null
  webhook_url: string | null
  paused: Flag
  state: string
  state_since: number | null
  created_at: number
  updated_at: number
}

export interface CheckTable {
  id: Generated<number>
  website_id: number
  started_at: number
  response_ms: number
  status: number | null
  error: number | null
  up: Flag
  matches: string | null
}

export interface RollupTable {
  website_id: number
  hour: number
  checks: number
  up_checks: number
  responses: number
  sum_ms: number
  min_ms: number | null
  max_ms: number | null
  histogram: string
}

export interface StateChangeTable {
  id: Generated<number>
  website_id: number
  at: number
  from_state: string
  to_state: string
  status: number | null
  error: number | null
}

export interface MonitorTables {
  monitor_website: WebsiteTable
  monitor_check: CheckTable
  monitor_rollup: RollupTable
  monitor_state_change: StateChangeTable
  monitor_engine: { id: string; heartbeat_at: number }
  monitor_meta: { key: string; value: number }
}

export type MonitorDb = Kysely<MonitorTables> | Transaction<MonitorTables>

/** Rows per multi-row statement: under SQLite's 32,766 bound parameters at 8 a row. */
export const INSERT_CHUNK = 4000

export function flag(value: boolean): number {
  return value ? 1 : 0
}

/** A unique constraint refused the row (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505'
}
