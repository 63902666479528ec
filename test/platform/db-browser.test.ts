import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { openConsole } from '../../src/platform/db/open-console.ts'
import { eachDialect, type TestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

const ENDLESS = {
  sqlite: 'with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n',
  postgres: 'select pg_sleep(600)',
}
const MANY_ROWS = {
  sqlite: 'with recursive n(x) as (select 1 union all select x + 1 from n limit 100000) select x from n',
  postgres: 'select x from generate_series(1, 100000) as x',
}

async function seed(db: TestDatabase): Promise<void> {
  await db.database.db
    .insertInto('ctr_estimate')
    .values(Array.from({ length: 12 }, (_, i) => ({ ad_id: i + 1, estimated_cvr: 0.5, updated_at: 1 })))
    .execute()
}

test('tables, columns and paged rows of this database', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      await seed(db)
      const tables = (await f.server.inject({ url: '/api/db/tables' })).json()
      assert.equal(tables.dialect, db.dialect)
      const ctr = tables.tables.find((table: { name: string }) => table.name === 'ctr_estimate')
      assert.deepEqual(ctr.columns.map((c: { name: string }) => c.name).sort(), ['ad_id', 'estimated_cvr', 'updated_at'])
      assert.ok(tables.tables.some((table: { name: string }) => table.name === 'jobs'), 'the kit\u2019s tables too')

      const first = (await f.server.inject({ url: '/api/db/tables/ctr_estimate/rows?limit=5' })).json()
      assert.deepEqual(first.columns, ['ad_id', 'estimated_cvr', 'updated_at'])
      assert.equal(first.rows.length, 5)
      assert.equal(first.hasMore, true)
      const last = (await f.server.inject({ url: '/api/db/tables/ctr_estimate/rows?limit=5&offset=10' })).json()
      assert.equal(last.rows.length, 2)
      assert.equal(last.hasMore, false)
      assert.equal((await f.server.inject({ url: '/api/db/tables/nope%22%3B/rows' })).statusCode, 404)
    } finally {
      await f.close()
    }
  })
})

test('the console reads, refuses writes with a clear message, and keeps to its row limit', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      await seed(db)
      const run = (sql: string, maxRows?: number) => f.server.inject({ method: 'POST', url: '/api/db/query', payload: { sql, maxRows } })
      const read = (await run('select ad_id, estimated_cvr as v from ctr_estimate where ad_id <= 2 order by ad_id')).json()
      assert.deepEqual(read.columns, ['ad_id', 'v'])
      assert.deepEqual(read.rows, [[1, 0.5], [2, 0.5]])
      assert.equal(read.truncated, false)

      for (const write of ['delete from ctr_estimate', 'update ctr_estimate set estimated_cvr = 0', 'create table sneaky (x int)', 'insert into ctr_estimate values (99, 0.1, 1)']) {
        const refused = await run(write)
        assert.equal(refused.statusCode, 403, write)
        assert.equal(refused.json().error.code, 'FLOTILLA_DB_READ_ONLY')
        assert.match(refused.json().error.message, /read-only/)
      }
      const sneaky = await run('select 1; delete from ctr_estimate')
      assert.equal(sneaky.statusCode, 400, 'one statement per query')
      const count = await db.database.db.selectFrom('ctr_estimate').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 12, 'nothing was written')

      const many = (await run(MANY_ROWS[db.dialect], 100)).json()
      assert.equal(many.rows.length, 100)
      assert.equal(many.truncated, true)
      assert.equal((await run(MANY_ROWS[db.dialect])).json().rows.length, 500, 'the default limit')

      const wrong = await run('selec 1')
      assert.equal(wrong.statusCode, 400)
      assert.equal(wrong.json().error.code, 'FLOTILLA_DB_QUERY_FAILED')
      assert.match(wrong.json().error.message, /syntax error/)
    } finally {
      await f.close()
    }
  })
})

test('a query over the time limit is stopped, and the console goes on working', async (t) => {
  await eachDialect(t, async (db) => {
    const readOnly = openConsole(db.database.source)
    try {
      await assert.rejects(readOnly.query(ENDLESS[db.dialect], { maxRows: 10, timeoutMs: 300 }), { code: 'FLOTILLA_DB_TIMEOUT' })
      const after = await readOnly.query('select 1 as one', { maxRows: 10, timeoutMs: 30_000 })
      assert.deepEqual(after.rows, [[1]])
    } finally {
      await readOnly.close()
    }
  })
})

test('PostgreSQL: the statement cannot turn the transaction read-write', async (t) => {
  await eachDialect(t, async (db, st) => {
    if (db.dialect !== 'postgres') return st.skip('PostgreSQL only')
    await sql`create sequence console_probe`.execute(db.database.db)
    const readOnly = openConsole(db.database.source)
    const limits = { maxRows: 10, timeoutMs: 30_000 }
    try {
      await assert.rejects(readOnly.query('set transaction read write', limits), { code: 'FLOTILLA_DB_QUERY_FAILED' })
      await readOnly.query('commit', limits)
      await assert.rejects(readOnly.query("select nextval('console_probe')", limits), { code: 'FLOTILLA_DB_READ_ONLY' })
    } finally {
      await readOnly.close()
    }
  })
})

test('SQLite: VACUUM INTO, which a read-only connection allows, is refused', async (t) => {
  await eachDialect(t, async (db, st) => {
    if (db.dialect !== 'sqlite') return st.skip('SQLite only')
    const readOnly = openConsole(db.database.source)
    try {
      await assert.rejects(readOnly.query(`vacuum into '${db.env.FLOTILLA_DATA_DIR}/copy.db'`, { maxRows: 10, timeoutMs: 30_000 }), { code: 'FLOTILLA_DB_READ_ONLY' })
    } finally {
      await readOnly.close()
    }
  })
})
