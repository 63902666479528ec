import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../../../kit/db/database.ts'
import type { Migrations } from '../../../kit/db/migrate.ts'

export const hotelsMigrations: Migrations = {
  '202612010100-hotels': {
    async up(db: Kysely<any>, dialect: Dialect) {
      const int8 = dialect === 'postgres' ? 'bigint' : 'integer'
      const real = dialect === 'postgres' ? 'double precision' : 'real'
      // Hotels users selected, stored by the hotels.selected consumer.
      await db.schema
        .createTable('hotels_hotel')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('uid', int8, (c) => c.notNull().unique())
        .addColumn('city_id', int8, (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('rating', real)
        .addColumn('reviews', 'integer')
        .addColumn('rank', 'integer')
        .addColumn('rank_total', 'integer')
        .addColumn('stars', real)
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .execute()

      // A background search: its id is its job's. What it fetched is kept, so that a
      // search interrupted by a restart resumes where it stopped.
      await db.schema
        .createTable('hotels_scrape')
        .addColumn('id', int8, (c) => c.primaryKey())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('first_page', 'integer', (c) => c.notNull())
        .addColumn('pages', 'integer', (c) => c.notNull())
        .addColumn('city_name', 'text')
        .addColumn('city_geo_id', int8)
        .addColumn('list_url', 'text')
        .addColumn('pages_fetched', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('note', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addColumn('listed_at', int8)
        .addColumn('finished_at', int8)
        .execute()
      await db.schema.createIndex('hotels_scrape_finished_idx').on('hotels_scrape').columns(['finished_at', 'id']).execute()

      await db.schema
        .createTable('hotels_scrape_page')
        .addColumn('scrape_id', int8, (c) => c.notNull().references('hotels_scrape.id').onDelete('cascade'))
        .addColumn('page_no', 'integer', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('hotels', 'integer', (c) => c.notNull())
        .addColumn('fetched_at', int8, (c) => c.notNull())
        .addPrimaryKeyConstraint('hotels_scrape_page_pk', ['scrape_id', 'page_no'])
        .execute()

      // One row per hotel of a search: its sub-job's state and, once fetched, its data.
      await db.schema
        .createTable('hotels_scrape_item')
        .addColumn('scrape_id', int8, (c) => c.notNull().references('hotels_scrape.id').onDelete('cascade'))
        .addColumn('hotel_id', int8, (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addColumn('finished_at', int8)
        .addPrimaryKeyConstraint('hotels_scrape_item_pk', ['scrape_id', 'hotel_id'])
        .addCheckConstraint('hotels_scrape_item_status_check', sql`status in ('queued', 'running', 'succeeded', 'failed', 'skipped')`)
        .execute()
      await db.schema.createIndex('hotels_scrape_item_status_idx').on('hotels_scrape_item').columns(['scrape_id', 'status']).execute()
      await db.schema.createIndex('hotels_scrape_item_finished_idx').on('hotels_scrape_item').columns(['scrape_id', 'finished_at']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('hotels_scrape_item').execute()
      await db.schema.dropTable('hotels_scrape_page').execute()
      await db.schema.dropTable('hotels_scrape').execute()
      await db.schema.dropTable('hotels_hotel').execute()
    },
  },
}
