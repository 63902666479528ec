import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../db/database.ts'
import type { Migrations } from '../db/migrate.ts'

export const busMigrations: Migrations = {
  '202611260002-bus': {
    async up(db: Kysely<any>, dialect: Dialect) {
      const int8 = dialect === 'postgres' ? 'bigint' : 'integer'
      await db.schema
        .createTable('bus_outbox')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('published_at', int8, (c) => c.notNull())
        .addColumn('relayed_at', int8)
        .execute()
      // The relay only ever looks for rows not relayed yet, in id order.
      await db.schema.createIndex('bus_outbox_unrelayed_idx').on('bus_outbox').column('id').where(sql.ref('relayed_at'), 'is', null).execute()
      await db.schema
        .createTable('bus_subscriptions')
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('consumer_group', 'text', (c) => c.notNull())
        // Messages with an id above this were published after the group first subscribed.
        .addColumn('since_message_id', int8, (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        .addPrimaryKeyConstraint('bus_subscriptions_pk', ['topic', 'consumer_group'])
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('bus_subscriptions').execute()
      await db.schema.dropTable('bus_outbox').execute()
    },
  },
}
