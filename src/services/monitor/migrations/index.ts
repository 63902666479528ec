import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../../../kit/db/database.ts'
import type { Migrations } from '../../../kit/db/migrate.ts'

export const monitorMigrations: Migrations = {
  '202611260001-monitor': {
    async up(db: Kysely<any>, dialect: Dialect) {
      const pg = dialect === 'postgres'
      const flag = pg ? 'boolean' : 'integer'
      const no = pg ? sql`false` : sql`0`
      await db.schema
        .createTable('monitor_website')
        .addColumn('id', 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('regex', 'text')
        .addColumn('regex_must_match', flag, (c) => c.notNull().defaultTo(no))
        .addColumn('failure_threshold', 'integer')
        .addColumn('webhook_url', 'text')
        .addColumn('paused', flag, (c) => c.notNull().defaultTo(no))
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('unknown'))
        .addColumn('state_since', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      // Engines in other processes pick up changes by this column.
      await db.schema.createIndex('monitor_website_updated_at').on('monitor_website').column('updated_at').execute()

      // The big one: every column as small as it goes, widest first (PostgreSQL pads for
      // alignment). On SQLite `id` is the rowid (no extra index) and the flags and a
      // missing error cost no bytes: about 45 bytes a check with its index.
      await db.schema
        .createTable('monitor_check')
        .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('website_id', 'integer', (c) => c.notNull())
        .addColumn('response_ms', 'integer', (c) => c.notNull())
        .addColumn('status', 'smallint')
        .addColumn('error', 'smallint')
        .addColumn('up', flag, (c) => c.notNull())
        .addColumn('matches', 'text')
        .execute()
      // Serves a website's newest checks, its recent window for stats, and the roll-up and retention passes.
      await db.schema.createIndex('monitor_check_website_time').on('monitor_check').columns(['website_id', 'started_at']).execute()

      let rollup = db.schema
        .createTable('monitor_rollup')
        .addColumn('website_id', 'integer', (c) => c.notNull())
        .addColumn('hour', 'bigint', (c) => c.notNull())
        .addColumn('checks', 'integer', (c) => c.notNull())
        .addColumn('up_checks', 'integer', (c) => c.notNull())
        .addColumn('responses', 'integer', (c) => c.notNull())
        .addColumn('sum_ms', 'bigint', (c) => c.notNull())
        .addColumn('min_ms', 'integer')
        .addColumn('max_ms', 'integer')
        .addColumn('histogram', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_rollup_pk', ['website_id', 'hour'])
      if (!pg) rollup = rollup.modifyEnd(sql`without rowid`)
      await rollup.execute()
      await db.schema.createIndex('monitor_rollup_hour').on('monitor_rollup').column('hour').execute()

      await db.schema
        .createTable('monitor_state_change')
        .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
        .addColumn('website_id', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('from_state', 'text', (c) => c.notNull())
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('status', 'smallint')
        .addColumn('error', 'smallint')
        .execute()
      await db.schema.createIndex('monitor_state_change_website_at').on('monitor_state_change').columns(['website_id', 'at']).execute()
      await db.schema.createIndex('monitor_state_change_at').on('monitor_state_change').column('at').execute()

      // Processes running the check engine, to share the websites out between them.
      await db.schema.createTable('monitor_engine').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('heartbeat_at', 'bigint', (c) => c.notNull()).execute()
      await db.schema.createTable('monitor_meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'bigint', (c) => c.notNull()).execute()
    },
    async down(db: Kysely<any>) {
      for (const table of ['monitor_meta', 'monitor_engine', 'monitor_state_change', 'monitor_rollup', 'monitor_check', 'monitor_website']) {
        await db.schema.dropTable(table).ifExists().execute()
      }
    },
  },
}
