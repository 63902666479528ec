import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../../../kit/db/database.ts'
import type { Migrations } from '../../../kit/db/migrate.ts'

export const playsMigrations: Migrations = {
  '202611260001-tasks': {
    async up(db: Kysely<any>, dialect: Dialect) {
      const int8 = dialect === 'postgres' ? 'bigint' : 'integer'
      await db.schema
        .createTable('plays_task')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('on_error', 'text', (c) => c.notNull())
        .addColumn('job_id', int8)
        .addColumn('input_bytes', int8, (c) => c.notNull())
        .addColumn('bytes_read', int8, (c) => c.notNull().defaultTo(0))
        .addColumn('rows_read', int8)
        .addColumn('rows_skipped', int8)
        .addColumn('skipped_examples', 'text')
        .addColumn('output_rows', int8)
        .addColumn('output_bytes', int8)
        .addColumn('spills', 'integer')
        .addColumn('error', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addColumn('started_at', int8)
        .addColumn('finished_at', int8)
        .addCheckConstraint('plays_task_status_check', sql`status in ('RECEIVED', 'PROCESSING', 'DONE', 'FAILED', 'CANCELLED')`)
        .execute()
      // The task list pages newest first.
      await db.schema.createIndex('plays_task_created_idx').on('plays_task').columns(['created_at', 'id']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('plays_task').execute()
    },
  },
}
