import type { Kysely } from 'kysely'
import type { Dialect } from '../../../kit/db/database.ts'
import type { Migrations } from '../../../kit/db/migrate.ts'

export const eventsMigrations: Migrations = {
  '202611260100-events': {
    async up(db: Kysely<any>, dialect: Dialect) {
      const real = dialect === 'postgres' ? 'double precision' : 'real'
      await db.schema
        .createTable('events_event')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('base_event_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint', (c) => c.notNull())
        .addColumn('min_price', real, (c) => c.notNull())
        .addColumn('max_price', real, (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('fetched_at', 'bigint', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('events_event_identity').on('events_event').columns(['base_event_id', 'event_id']).unique().execute()
      // Search processes load what changed since the revision they hold.
      await db.schema.createIndex('events_event_revision').on('events_event').column('revision').execute()
      // The original's endpoint filters on the start.
      await db.schema.createIndex('events_event_starts_at').on('events_event').column('starts_at').execute()
      // One row: its revision counts ingestions, and locking it orders their commits.
      await db.schema
        .createTable('events_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .execute()
      await db.insertInto('events_state').values({ id: 1, revision: 0 }).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('events_state').execute()
      await db.schema.dropTable('events_event').execute()
    },
  },
}
