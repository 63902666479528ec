import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely'
import type { Dialect } from './database.ts'

/**
 * A migration is frozen in time: typed `Kysely<any>`, never importing app code. It gets
 * the dialect because a few column types differ (bigint vs integer, serial ids).
 */
export interface ServiceMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>
  down?(db: Kysely<any>, dialect: Dialect): Promise<void>
}

/** Named `YYYYMMDDHHmm-what`, so that lexical order is the order they were written. */
export type Migrations = Record<string, ServiceMigration>

export class MigrationError extends Error {
  constructor(owner: string, migration: string | undefined, cause: unknown) {
    super(`migration ${owner}/${migration ?? '?'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'MigrationError'
  }
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  const schema = rows[0]?.schema
  if (!schema) throw new Error('PostgreSQL has no current schema: check search_path')
  return schema
}

/** Runs one owner's pending migrations, each owner with its own bookkeeping tables. */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, owner: string, migrations: Migrations): Promise<string[]> {
  const provider = {
    async getMigrations(): Promise<Record<string, Migration>> {
      const out: Record<string, Migration> = {}
      for (const [name, m] of Object.entries(migrations)) {
        out[name] = { up: (d) => m.up(d, dialect), ...(m.down ? { down: (d: Kysely<any>) => m.down!(d, dialect) } : {}) }
      }
      return out
    },
  }
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: `${owner}_migration`,
    migrationLockTableName: `${owner}_migration_lock`,
    // Without a schema, Kysely looks for its tables in every PostgreSQL schema and may
    // find another schema's, then skip creating its own: pin them to the current one.
    ...(dialect === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  })
  const result: MigrationResultSet = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new MigrationError(owner, failed?.migrationName, result.error)
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
