import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type KyselyConfig, type LogEvent } from 'kysely'
import pg from 'pg'
import { withStatementCache } from './statement-cache.ts'

export type Dialect = 'sqlite' | 'postgres'

export interface Database {
  /** Untyped at the kit's level; each repository narrows it to its own tables. */
  readonly db: Kysely<any>
  readonly dialect: Dialect
  /** Where the data lives, for logs and the landing page; never carries a password. */
  readonly location: string
  /**
   * How to open another connection to the same data (the read-only SQL console does).
   * The URL may carry a password: never log or show it; `location` is the safe name.
   */
  readonly source: DatabaseSource
  /** Calls `listener` after every query Kysely runs, with its time; returns the remover. */
  onQuery(listener: QueryListener): () => void
  close(): Promise<void>
}

export type DatabaseSource = { dialect: 'postgres'; url: string; schema?: string } | { dialect: 'sqlite'; file: string }
export type QueryListener = (event: LogEvent) => void

export interface OpenDatabaseOptions {
  /** `postgres://…`; unset: SQLite at `sqliteFile`. */
  url?: string | undefined
  sqliteFile?: string
  /** PostgreSQL schema to use (tests isolate themselves in one). */
  schema?: string
  poolSize?: number
  readonly?: boolean
  log?: (event: LogEvent) => void
}

// pg returns int8 and numeric as strings (STYLE.md); our int8 columns hold epoch
// milliseconds and counters far below 2^53, so parse them as numbers once, here.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))

export function openDatabase(options: OpenDatabaseOptions): Database {
  // Kysely takes its log function once, at construction; listeners come and go behind it.
  const listeners = new Set<QueryListener>()
  if (options.log) listeners.add(options.log)
  const log: KyselyConfig['log'] = (event) => {
    for (const listener of listeners) listener(event)
  }
  const onQuery = (listener: QueryListener) => {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }
  if (options.url) {
    const settings = [
      ...(options.schema ? [`-c search_path=${options.schema}`] : []),
      ...(options.readonly ? ['-c default_transaction_read_only=on'] : []),
    ]
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
    })
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => {})
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log })
    const url = new URL(options.url)
    const source: DatabaseSource = { dialect: 'postgres', url: options.url, ...(options.schema ? { schema: options.schema } : {}) }
    return { db, dialect: 'postgres', location: `postgres://${url.host}${url.pathname}`, source, onQuery, close: () => db.destroy() }
  }
  const file = options.sqliteFile ?? ':memory:'
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new SQLite(file, { readonly: options.readonly ?? false, timeout: 5_000 })
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL')
    // WAL makes NORMAL durable against application crashes; only an OS crash may lose the last commits.
    sqlite.pragma('synchronous = NORMAL')
  }
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log })
  return { db, dialect: 'sqlite', location: file, source: { dialect: 'sqlite', file }, onQuery, close: () => db.destroy() }
}
