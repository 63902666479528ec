import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla, type TestFlotilla } from '../helpers/flotilla.ts'
import { changedTables, snapshotTables } from '../property/table-snapshot.ts'

let db: TestDatabase
let f: TestFlotilla

const SQL = ["' OR '1'='1", "' OR 1=1 --", '"; DROP TABLE monitor_website; --', "x'); DELETE FROM monitor_website; --", '%', '_', '\\', "'", '%_%\\%']
const SITES = ['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']

before(async () => {
  db = await createTestDatabase('sqlite')
  f = await startTestFlotilla(db, { FLOTILLA_ROLE: 'api' })
  for (const url of SITES) {
    const res = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url, intervalSeconds: 60 } })
    assert.equal(res.statusCode, 201, res.body)
  }
})

after(async () => {
  await f.close()
  await db.cleanup()
})

test('admin filters treat SQL metacharacters and LIKE wildcards as text', async () => {
  const before = await snapshotTables(db.database.db)
  for (const value of SQL) {
    for (const op of ['eq', 'contains', 'lt', 'gt']) {
      const url = `/api/admin/monitor/websites?filterColumn=url&filterOp=${op}&filterValue=${encodeURIComponent(value)}&sort=url`
      const res = await f.server.inject({ url })
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
      const urls = res.json().rows.map((r: { url: string }) => r.url)
      if (op === 'eq' || op === 'contains') assert.deepEqual(urls, [], `${op} ${value} matched ${urls.join(', ')}`)
    }
  }
  // A column name is one of the model's, never text spliced into SQL.
  const column = await f.server.inject({ url: `/api/admin/monitor/websites?filterColumn=${encodeURIComponent('url; DROP TABLE monitor_website')}&filterOp=eq&filterValue=x` })
  assert.equal(column.statusCode, 400)
  const sort = await f.server.inject({ url: `/api/admin/monitor/websites?sort=${encodeURIComponent('url desc, (select 1)')}` })
  assert.equal(sort.statusCode, 400)
  assert.deepEqual(changedTables(before, await snapshotTables(db.database.db)), [])
})

test('search parameters of the services treat SQL metacharacters as text', async () => {
  const before = await snapshotTables(db.database.db)
  for (const value of SQL) {
    const q = encodeURIComponent(value)
    for (const url of [`/website?keyword=${q}`, `/api/monitor/websites?q=${q}`, `/monitoring?website=${q}`, `/search?starts_at=${q}`, `/v1/api/events?start_date=${q}`, `/api/admin/events/events?filterColumn=title&filterOp=contains&filterValue=${q}`]) {
      const res = await f.server.inject({ url })
      assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}: ${res.body}`)
      if (res.statusCode === 200 && url.startsWith('/website')) assert.deepEqual(res.json(), [], `${url} matched websites`)
      if (res.statusCode === 200 && url.startsWith('/api/monitor/websites')) assert.deepEqual(res.json().items, [], `${url} matched websites`)
    }
  }
  assert.deepEqual(changedTables(before, await snapshotTables(db.database.db)), [])
})

test('the database browser: table names are looked up, not spliced; the console cannot write', async () => {
  const before = await snapshotTables(db.database.db)
  for (const table of ['monitor_website; DROP TABLE monitor_website', 'monitor_website" --', "sqlite_master' OR '1'='1", '../flotilla.db']) {
    const res = await f.server.inject({ url: `/api/db/tables/${encodeURIComponent(table)}/rows` })
    assert.equal(res.statusCode, 404, `${table}: ${res.body}`)
  }
  for (const statement of [
    'DELETE FROM monitor_website',
    'DROP TABLE monitor_website',
    "UPDATE monitor_website SET url = 'x'",
    'SELECT 1; DELETE FROM monitor_website',
    "ATTACH DATABASE '/tmp/x.db' AS x",
    'PRAGMA user_version = 7',
    "INSERT INTO monitor_website (url) VALUES ('x') RETURNING *",
    'WITH x AS (DELETE FROM monitor_website RETURNING *) SELECT * FROM x',
  ]) {
    const res = await f.server.inject({ method: 'POST', url: '/api/db/query', payload: { sql: statement } })
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${statement} answered ${res.statusCode}: ${res.body}`)
    assert.ok(res.json().error.message, statement)
  }
  const count = await f.server.inject({ method: 'POST', url: '/api/db/query', payload: { sql: 'SELECT count(*) AS n FROM monitor_website' } })
  assert.equal(count.statusCode, 200, count.body)
  assert.deepEqual(changedTables(before, await snapshotTables(db.database.db)), [])
  assert.equal((await f.server.inject({ url: '/api/monitor/websites' })).json().total, SITES.length)
})
