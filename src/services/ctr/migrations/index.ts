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
}
