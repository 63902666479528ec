import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../db/database.ts'
import type { Migrations } from '../db/migrate.ts'
import { claimIndexesMigration } from './claim-indexes-migration.ts'

export const jobsMigrations: Migrations = {
  '202611260001-jobs': {
    async up(db: Kysely<any>, dialect: Dialect) {
      const int8 = dialect === 'postgres' ? 'bigint' : 'integer'
      await db.schema
        .createTable('jobs')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
        .addColumn('key', 'text', (c) => c.unique())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // Null: the type's JobDefinition decides when a worker first claims the job.
        .addColumn('max_attempts', 'integer')
        .addColumn('run_at', int8, (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', int8)
        .addColumn('progress', 'text')
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addColumn('started_at', int8)
        .addColumn('finished_at', int8)
        .addCheckConstraint('jobs_status_check', sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
        .execute()
      // Workers claim per type (they claim only the types they have handlers for), so the
      // type leads; status and run_at then narrow to the due rows in claim order.
      await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['type', 'status', 'run_at']).execute()
      await db.schema.createIndex('jobs_status_finished_idx').on('jobs').columns(['status', 'finished_at']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('jobs').execute()
    },
  },
  '202611261200-jobs-claim-indexes': claimIndexesMigration,
}
