import assert from 'node:assert/strict'
import { test } from 'node:test'
import { monitorService } from '../../../src/services/monitor/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'

const API_ONLY = { FLOTILLA_SERVICES: 'monitor', FLOTILLA_ROLE: 'api' }

test('websites by id: create, read, change, pause, resume, delete', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, API_ONLY, { services: [monitorService] })
    try {
      const res = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url: 'https://a.test/', intervalSeconds: 60, regex: '(?i)shop', regexMustMatch: true, failureThreshold: 2 } })
      assert.equal(res.statusCode, 201, res.body)
      const website = res.json()
      assert.equal(website.state, 'unknown')
      assert.equal(website.paused, false)
      assert.equal(website.regexMustMatch, true)
      assert.deepEqual((await f.server.inject({ url: `/api/monitor/websites/${website.id}` })).json(), website)

      const patched = await f.server.inject({ method: 'PATCH', url: `/api/monitor/websites/${website.id}`, payload: { intervalSeconds: 5, webhookUrl: 'http://127.0.0.1:9/hook' } })
      assert.equal(patched.statusCode, 200, patched.body)
      assert.equal(patched.json().intervalSeconds, 5)
      assert.equal(patched.json().regex, '(?i)shop')

      const bad = await f.server.inject({ method: 'PATCH', url: `/api/monitor/websites/${website.id}`, payload: { regex: '[' } })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json().error.code, 'MONITOR_BAD_WEBSITE')
      assert.equal(bad.json().error.details.field, 'regex')
      const badUrl = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url: 'mailto:x@a.test', intervalSeconds: 60 } })
      assert.equal(badUrl.json().error.code, 'MONITOR_BAD_WEBSITE')
      const tooOften = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url: 'https://b.test/', intervalSeconds: 1 } })
      assert.equal(tooOften.statusCode, 400)
      const dup = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url: 'https://a.test/', intervalSeconds: 60 } })
      assert.equal(dup.statusCode, 409)
      assert.equal(dup.json().error.code, 'MONITOR_WEBSITE_EXISTS')

      assert.equal((await f.server.inject({ method: 'POST', url: `/api/monitor/websites/${website.id}/pause` })).json().paused, true)
      const paused = (await f.server.inject({ url: '/api/monitor/websites?state=paused' })).json()
      assert.deepEqual(paused.items.map((w: { id: number }) => w.id), [website.id])
      assert.equal((await f.server.inject({ method: 'POST', url: `/api/monitor/websites/${website.id}/resume` })).json().paused, false)

      const list = (await f.server.inject({ url: '/api/monitor/websites?q=a.test' })).json()
      assert.equal(list.total, 1)
      assert.equal(list.items[0].uptime24h, null)
      assert.equal(list.items[0].lastCheck, null)

      const stats = (await f.server.inject({ url: `/api/monitor/websites/${website.id}/stats` })).json()
      assert.deepEqual(stats.windows.map((w: { window: string }) => w.window), ['1h', '24h', '7d', '30d'])
      assert.equal(stats.windows[0].uptime, null)

      assert.equal((await f.server.inject({ method: 'DELETE', url: `/api/monitor/websites/${website.id}` })).statusCode, 204)
      const gone = await f.server.inject({ url: `/api/monitor/websites/${website.id}` })
      assert.equal(gone.statusCode, 404)
      assert.equal(gone.json().error.code, 'MONITOR_WEBSITE_NOT_FOUND')
      assert.equal((await f.server.inject({ method: 'DELETE', url: `/api/monitor/websites/${website.id}` })).statusCode, 404)
      const purge = await f.runtime.jobs.list({ type: 'monitor.purge-website' })
      assert.equal(purge.length, 1)
    } finally {
      await f.close()
    }
  })
})

test('bulk import: JSON or CSV, adds and updates by url, all or nothing', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, API_ONLY, { services: [monitorService] })
    try {
      const json = await f.server.inject({
        method: 'POST',
        url: '/api/monitor/websites/import',
        payload: { websites: [{ url: 'https://one.test/', intervalSeconds: 10 }, { website_url: 'https://two.test/', monitoring_interval: 20, regex: 'x+' }] },
      })
      assert.equal(json.statusCode, 200, json.body)
      assert.deepEqual(json.json(), { created: 2, updated: 0 })

      const csv = 'website_url,monitoring_interval,regex\nhttps://two.test/,30,\nhttps://three.test/,40,"a,b"\n'
      const res = await f.server.inject({ method: 'POST', url: '/api/monitor/websites/import', headers: { 'content-type': 'text/csv' }, payload: csv })
      assert.deepEqual(res.json(), { created: 1, updated: 1 })
      const two = (await f.server.inject({ url: '/website?keyword=two' })).json()[0]
      assert.equal(two.monitoring_interval, 30)
      assert.equal((await f.server.inject({ url: '/website?keyword=three' })).json()[0].regex, 'a,b')

      const bad = await f.server.inject({
        method: 'POST',
        url: '/api/monitor/websites/import',
        headers: { 'content-type': 'text/csv' },
        payload: 'url,intervalSeconds\nhttps://four.test/,10\nhttps://five.test/,3\n',
      })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.json().error.message, /websites\[1\].*intervalSeconds/)
      assert.equal((await f.server.inject({ url: '/website?keyword=four' })).json().length, 0)
    } finally {
      await f.close()
    }
  })
})
