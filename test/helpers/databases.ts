import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openDatabase, type Database, type Dialect } from '../../src/kit/db/database.ts'

/** Tests needing PostgreSQL, RabbitMQ or Chromium fail instead of skipping when this is set. */
export const requireServices = process.env.FLOTILLA_REQUIRE_SERVICES === '1'
export const postgresUrl = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test'

let reachable: Promise<boolean> | undefined
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2_000 })
    try {
      await client.connect()
      await client.query('select 1')
      return true
    } catch {
      return false
    } finally {
      await client.end().catch(() => {})
    }
  })()
  return reachable
}

/**
 * Whether a PostgreSQL test should skip: a string (the reason, for `t.skip`) when the
 * server is unreachable on a laptop; throws under FLOTILLA_REQUIRE_SERVICES=1.
 */
export async function postgresSkipReason(): Promise<string | undefined> {
  if (await postgresReachable()) return undefined
  const reason = `PostgreSQL not reachable at ${postgresUrl.replace(/\/\/[^@]*@/, '//')}: start it (or set DATABASE_URL_TEST) to run this test`
  if (requireServices) throw new Error(`FLOTILLA_REQUIRE_SERVICES=1 but ${reason}`)
  return reason
}

export interface TestDatabase {
  database: Database
  dialect: Dialect
  /** Connection settings another process can use to reach the same database. */
  env: Record<string, string>
  cleanup(): Promise<void>
}

/** A fresh, empty database of the given dialect: a temp SQLite file, or a new PostgreSQL schema. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-test-'))
    const file = path.join(dir, 'flotilla.db')
    const database = openDatabase({ sqliteFile: file })
    return {
      database,
      dialect,
      env: { FLOTILLA_DATA_DIR: dir },
      async cleanup() {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const database = openDatabase({ url: postgresUrl, schema })
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-test-'))
  const url = new URL(postgresUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    database,
    dialect,
    env: { DATABASE_URL: url.toString(), FLOTILLA_DATA_DIR: dir },
    async cleanup() {
      await database.close()
      const c = new pg.Client({ connectionString: postgresUrl })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const dialects: Dialect[] = ['sqlite', 'postgres']

/**
 * Runs `fn` once per dialect as subtests, each on a fresh database. PostgreSQL is skipped
 * with a message on a laptop without it, and required under FLOTILLA_REQUIRE_SERVICES=1.
 */
export function eachDialect(
  t: { test: (name: string, fn: (t: any) => Promise<void>) => Promise<void> },
  fn: (db: TestDatabase, t: any) => Promise<void>,
): Promise<void> {
  return Promise.all(
    dialects.map((dialect) =>
      t.test(dialect, async (st: any) => {
        if (dialect === 'postgres') {
          const skip = await postgresSkipReason()
          if (skip) return st.skip(skip)
        }
        const db = await createTestDatabase(dialect)
        try {
          await fn(db, st)
        } finally {
          await db.cleanup()
        }
      }),
    ),
  ).then(() => undefined)
}
