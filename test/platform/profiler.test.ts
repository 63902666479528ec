import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CompiledQuery, type LogEvent } from 'kysely'
import { Profiler } from '../../src/kit/profiler/profiler.ts'
import { createTestDatabase, eachDialect } from '../helpers/databases.ts'
import { startTestFlotilla } from '../helpers/flotilla.ts'

const query = (sql: string, ms: number): LogEvent => ({ level: 'query', query: CompiledQuery.raw(sql), queryDurationMillis: ms })

test('the buffer keeps the newest requests, a bounded number of queries each, and ranks routes', () => {
  const profiler = new Profiler({ capacity: 3, queriesPerRequest: 2, sqlChars: 10 })
  for (let i = 1; i <= 5; i++) {
    const profile = profiler.begin(`r${i}`, 'GET', `/things/${i}?token=secret`)
    profiler.run(profile, () => {
      for (let q = 0; q < i; q++) profiler.recordQuery(query(`select ${q} from a_rather_long_table`, 2))
    })
    profiler.finish(profile, i % 2 === 0 ? '/things/:id' : '/other', 200, i * 10)
  }
  profiler.recordQuery(query('select outside any request', 1))

  const recent = profiler.recent()
  assert.deepEqual(recent.map((p) => p.requestId), ['r5', 'r4', 'r3'])
  const newest = recent[0]!
  assert.equal(newest.path, '/things/5', 'the query string (which may hold secrets) is not kept')
  assert.equal(newest.queryCount, 5)
  assert.equal(newest.queryMs, 10)
  assert.equal(newest.queries.length, 2)
  assert.equal(newest.queriesDropped, 3)
  assert.equal(newest.queries[0]!.sql, 'select 0 f…')
  assert.equal(profiler.get(newest.id), newest)
  assert.equal(profiler.get(1), undefined, 'the oldest fell out of the buffer')

  const slowest = profiler.slowestRoutes()
  assert.deepEqual(
    slowest.map((r) => [r.route, r.count, r.avgMs, r.maxMs]),
    [
      ['/other', 2, 40, 50],
      ['/things/:id', 1, 40, 40],
    ].sort((a, b) => Number(b[2]) - Number(a[2])),
  )
})

test('a request is captured with its route, status and each SQL query it ran', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr' })
    try {
      const created = await f.server.inject({ method: 'POST', url: '/api/admin/ctr/estimates?x=1', payload: { adId: 7, estimatedCVR: 0.5 } })
      assert.equal(created.statusCode, 201)
      // Two requests at once: each profile holds its own queries only.
      const [list, tables] = await Promise.all([f.server.inject({ url: '/api/admin/ctr/estimates' }), f.server.inject({ url: '/api/db/tables' })])
      assert.equal(list.statusCode, 200)
      assert.equal(tables.statusCode, 200)
      await f.server.inject({ url: '/api/ctr/estimates/999' })
      await f.server.inject({ method: 'POST', url: '/api/admin/ctr/estimates', payload: { adId: 8, estimatedCVR: 2 } })

      const page = (await f.server.inject({ url: '/api/profiler' })).json()
      assert.equal(page.enabled, true)
      const byPath = (path: string) => page.requests.find((r: { path: string }) => r.path === path)
      assert.ok(!page.requests.some((r: { path: string }) => r.path.startsWith('/api/profiler')), 'the profiler does not profile itself')

      const missing = byPath('/api/ctr/estimates/999')
      assert.equal(missing.status, 404)
      assert.equal(missing.route, '/api/ctr/estimates/:adId')
      assert.equal(missing.queryCount, 0, 'lookups are served from the snapshot')

      const invalid = page.requests.find((r: { status: number }) => r.status === 400)
      assert.equal(invalid.path, '/api/admin/ctr/estimates', 'a request refused before its handler is kept too')
      assert.equal(invalid.queryCount, 0)

      const listed = page.requests.find((r: { method: string; path: string }) => r.method === 'GET' && r.path === '/api/admin/ctr/estimates')
      assert.equal(listed.method, 'GET')
      const detail = (await f.server.inject({ url: `/api/profiler/requests/${listed.id}` })).json()
      assert.equal(detail.queries.length, 2, 'a count and a page, nothing of the concurrent request')
      assert.ok(detail.queries.every((q: { sql: string }) => /ctr_estimate/.test(q.sql)))
      assert.ok(detail.queries.every((q: { durationMs: number }) => q.durationMs >= 0))

      const write = page.requests.find((r: { method: string; status: number }) => r.method === 'POST' && r.status === 201)
      assert.equal(write.path, '/api/admin/ctr/estimates')
      assert.equal(write.status, 201)
      const writeDetail = (await f.server.inject({ url: `/api/profiler/requests/${write.id}` })).json()
      assert.ok(writeDetail.queries.some((q: { sql: string }) => /insert into "ctr_estimate"/i.test(q.sql)), 'the upsert is among its queries')

      assert.ok(page.slowest.some((r: { route: string }) => r.route === '/api/admin/ctr/estimates'))
      assert.equal((await f.server.inject({ url: '/api/profiler/requests/999999' })).statusCode, 404)
      assert.equal((await f.server.inject({ method: 'DELETE', url: '/api/profiler' })).statusCode, 204)
      assert.deepEqual((await f.server.inject({ url: '/api/profiler' })).json().requests, [])
    } finally {
      await f.close()
    }
  })
})

test('FLOTILLA_PROFILER=off captures nothing and says so', async () => {
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr', FLOTILLA_PROFILER: 'off' })
  try {
    assert.equal(f.runtime.profiler, undefined)
    await f.server.inject({ url: '/api/admin/ctr/estimates' })
    const page = (await f.server.inject({ url: '/api/profiler' })).json()
    assert.deepEqual(page, { enabled: false, capacity: 0, requests: [], slowest: [] })
    assert.equal((await f.server.inject({ url: '/api/platform' })).json().profiler, false)
  } finally {
    await f.close()
    await db.cleanup()
  }
})
