import { sql, type Kysely } from 'kysely'
import type { Migrations } from '../../../kit/db/migrate.ts'
import type { Dialect } from '../../../kit/db/database.ts'

export const ctrMigrations: Migrations = {
  '202611260001-estimates': {
    async up(db: Kysely<any>, dialect: Dialect) {
      await db.schema
        .createTable('ctr_estimate')
        .addColumn('ad_id', 'bigint', (c) => c.primaryKey())
        .addColumn('estimated_cvr', dialect === 'postgres' ? 'double precision' : 'real', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      // The incremental refresh reads rows changed since its last pass.
      await db.schema.createIndex('ctr_estimate_updated_at').on('ctr_estimate').column('updated_at').execute()
      if (dialect === 'postgres') await sql`alter table ctr_estimate add constraint ctr_estimate_cvr_range check (estimated_cvr >= 0 and estimated_cvr <= 1)`.execute(db)
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('ctr_estimate').execute()
    },
  },
  '202611261130-tombstones': {
    async up(db: Kysely<any>) {
      // A delete moves the row here, stamped on the same clock as updated_at, so that the
      // incremental refresh stays one query: both tables, UNION ALL, ordered by the stamp.
      // A table of its own rather than a deleted_at column: ctr_estimate keeps holding
      // live estimates only, so the admin, counts, lookups and the database browser need
      // no filter that one of them could forget.
      await db.schema
        .createTable('ctr_tombstone')
        .addColumn('ad_id', 'bigint', (c) => c.primaryKey())
        .addColumn('deleted_at', 'bigint', (c) => c.notNull())
        .execute()
      // The refresh reads tombstones by stamp; the purge drops old ones by it too.
      await db.schema.createIndex('ctr_tombstone_deleted_at').on('ctr_tombstone').column('deleted_at').execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('ctr_tombstone').execute()
    },
  },
}
