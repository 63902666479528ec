import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { migrateToLatest, MigrationError, type Migrations } from '../../src/kit/db/migrate.ts'
import { eachDialect } from '../helpers/databases.ts'

const migrations: Migrations = {
  '202601010000-things': {
    async up(db) {
      await db.schema.createTable('thing').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull()).execute()
    },
  },
  '202601020000-more': {
    async up(db) {
      await db.schema.alterTable('thing').addColumn('size', 'integer').execute()
    },
  },
}

test('migrations run once, in order, and are tracked per owner', async (t) => {
  await eachDialect(t, async ({ database }) => {
    assert.deepEqual(await migrateToLatest(database.db, database.dialect, 'demo', migrations), ['202601010000-things', '202601020000-more'])
    assert.deepEqual(await migrateToLatest(database.db, database.dialect, 'demo', migrations), [])
    await database.db.insertInto('thing').values({ id: 1, name: 'a', size: 3 }).execute()
    const rows = await database.db.selectFrom('thing').selectAll().execute()
    assert.deepEqual(rows.map((r) => ({ ...r, size: Number(r.size) })), [{ id: 1, name: 'a', size: 3 }])
    // Another owner keeps its own bookkeeping.
    assert.deepEqual(await migrateToLatest(database.db, database.dialect, 'other', { '202601010000-x': { up: async (db) => db.schema.createTable('x').addColumn('id', 'integer').execute().then(() => {}) } }), ['202601010000-x'])
  })
})

test('a failing migration names itself and stays pending', async (t) => {
  await eachDialect(t, async ({ database }) => {
    const broken: Migrations = {
      ...migrations,
      '202601030000-broken': {
        async up(db) {
          await sql`select * from no_such_table`.execute(db)
        },
      },
    }
    await assert.rejects(migrateToLatest(database.db, database.dialect, 'demo', broken), (e: unknown) => e instanceof MigrationError && /demo\/202601030000-broken/.test(e.message))
    // PostgreSQL rolls the whole batch back; Kysely runs SQLite's one by one. Either way the
    // broken one is not recorded, and the good ones are (or get) applied on the next run.
    await assert.rejects(migrateToLatest(database.db, database.dialect, 'demo', broken), /202601030000-broken/)
    await migrateToLatest(database.db, database.dialect, 'demo', migrations)
    await database.db.insertInto('thing').values({ id: 1, name: 'a', size: 1 }).execute()
  })
})
