import assert from 'node:assert/strict'
import { test } from 'node:test'
import { monitorService } from '../../../src/services/monitor/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'

const API_ONLY = { FLOTILLA_SERVICES: 'monitor', FLOTILLA_ROLE: 'api' }
const BASE = '/api/admin/monitor/websites'

test('the admin lists websites with filter, sort and pages, and writes through the website service', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, API_ONLY, { services: [monitorService] })
    try {
      const { server } = f
      const models = (await server.inject({ url: '/api/admin' })).json().models
      assert.deepEqual(
        models.filter((m: { service: string }) => m.service === 'monitor').map((m: { name: string; operations: unknown }) => [m.name, m.operations]),
        [['websites', { create: true, update: true, delete: true }]],
      )

      for (const [i, interval] of [30, 10, 60].entries()) {
        const res = await server.inject({ method: 'POST', url: BASE, payload: { url: `https://site-${i}.test/`, intervalSeconds: interval, regex: '', regexMustMatch: false, paused: false } })
        assert.equal(res.statusCode, 201, res.body)
        // The admin's empty field means "no regex", as the service reads it.
        assert.equal(res.json().regex, null)
      }
      // The same validation as the API: the schema, then the service's own rules.
      const tooOften = await server.inject({ method: 'POST', url: BASE, payload: { url: 'https://x.test/', intervalSeconds: 3 } })
      assert.equal(tooOften.statusCode, 400)
      assert.match(tooOften.json().error.message, /intervalSeconds/)
      const badRegex = await server.inject({ method: 'POST', url: BASE, payload: { url: 'https://x.test/', intervalSeconds: 5, regex: '(' } })
      assert.equal(badRegex.json().error.code, 'MONITOR_BAD_WEBSITE')
      const dup = await server.inject({ method: 'POST', url: BASE, payload: { url: 'https://site-0.test/', intervalSeconds: 5 } })
      assert.equal(dup.statusCode, 409)
      assert.equal(dup.json().error.code, 'MONITOR_WEBSITE_EXISTS')

      const sorted = (await server.inject({ url: `${BASE}?sort=intervalSeconds&order=desc&limit=2` })).json()
      assert.equal(sorted.total, 3)
      assert.deepEqual(sorted.rows.map((r: { intervalSeconds: number }) => r.intervalSeconds), [60, 30])
      assert.equal(sorted.rows[0].paused, false)
      assert.equal(sorted.rows[0].state, 'unknown')
      const second = (await server.inject({ url: `${BASE}?sort=intervalSeconds&order=desc&limit=2&offset=2` })).json()
      assert.deepEqual(second.rows.map((r: { intervalSeconds: number }) => r.intervalSeconds), [10])
      const found = (await server.inject({ url: `${BASE}?filterColumn=url&filterValue=site-1` })).json()
      assert.deepEqual(found.rows.map((r: { url: string }) => r.url), ['https://site-1.test/'])
      const id = found.rows[0].id as number

      const edited = await server.inject({ method: 'PATCH', url: `${BASE}/${id}`, payload: { intervalSeconds: 15, regex: 'Shop \\w+', url: 'https://renamed.test/', paused: true } })
      assert.equal(edited.statusCode, 200, edited.body)
      const website = (await server.inject({ url: `/api/monitor/websites/${id}` })).json()
      assert.equal(website.url, 'https://renamed.test/')
      assert.equal(website.intervalSeconds, 15)
      assert.equal(website.regex, 'Shop \\w+')
      assert.equal(website.paused, true)
      assert.equal((await server.inject({ method: 'PATCH', url: `${BASE}/${id}`, payload: { intervalSeconds: 301 } })).statusCode, 400)
      assert.equal((await server.inject({ method: 'PATCH', url: `${BASE}/${id}`, payload: { url: 'https://site-0.test/' } })).statusCode, 409)

      const paused = (await server.inject({ url: `${BASE}?filterColumn=paused&filterValue=true` })).json()
      assert.deepEqual(paused.rows.map((r: { id: number }) => r.id), [id])
      assert.equal((await server.inject({ url: `${BASE}?filterColumn=paused&filterValue=false` })).json().total, 2)

      assert.equal((await server.inject({ method: 'DELETE', url: `${BASE}/${id}` })).statusCode, 204)
      assert.equal((await server.inject({ url: `/api/monitor/websites/${id}` })).statusCode, 404)
      assert.equal((await server.inject({ url: `${BASE}/${id}` })).statusCode, 404)
      // Deleted by the service: its history is purged in the background.
      assert.equal((await f.runtime.jobs.list({ type: 'monitor.purge-website' })).length, 1)
    } finally {
      await f.close()
    }
  })
})
