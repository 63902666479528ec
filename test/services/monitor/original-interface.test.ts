import assert from 'node:assert/strict'
import { test } from 'node:test'
import { monitorService } from '../../../src/services/monitor/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'

const API_ONLY = { FLOTILLA_SERVICES: 'monitor', FLOTILLA_ROLE: 'api' }

test('the original interface: register, list, search, update, with its shapes and status codes', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, API_ONLY, { services: [monitorService] })
    try {
      const created = await f.server.inject({ method: 'POST', url: '/website', payload: { website_url: 'https://example.com/a', monitoring_interval: 30, regex: 'Example (\\w+)' } })
      assert.equal(created.statusCode, 201, created.body)
      assert.deepEqual(created.json(), { website_id: 1, website_url: 'https://example.com/a', monitoring_interval: 30, regex: 'Example (\\w+)' })
      const second = await f.server.inject({ method: 'POST', url: '/websites', payload: { website_url: 'http://other.test/', monitoring_interval: 30 } })
      assert.equal(second.statusCode, 201)
      assert.equal(second.json().regex, null)

      // Two websites may share an interval (the original's unique constraint was a bug), not a url.
      const again = await f.server.inject({ method: 'POST', url: '/website', payload: { website_url: 'https://example.com/a', monitoring_interval: 60 } })
      assert.equal(again.statusCode, 409)
      assert.match(again.json().detail, /already registered/)

      const page = await f.server.inject({ url: '/websites?page=0&size=1' })
      assert.deepEqual(page.json(), [created.json()])
      assert.equal((await f.server.inject({ url: '/websites?page=1&size=1' })).json()[0].website_url, 'http://other.test/')
      assert.deepEqual((await f.server.inject({ url: '/websites' })).json().length, 2)

      const found = await f.server.inject({ url: '/website?keyword=example' })
      assert.deepEqual(found.json().map((w: { website_id: number }) => w.website_id), [1])
      // Case-sensitive on both databases, as Python's `in` is.
      assert.deepEqual((await f.server.inject({ url: '/website?keyword=EXAMPLE' })).json(), [])
      assert.deepEqual((await f.server.inject({ url: '/website?keyword=%25' })).json(), [])

      const put = await f.server.inject({ method: 'PUT', url: '/website', payload: { website_url: 'https://example.com/a', monitoring_interval: 5, regex: '' } })
      assert.equal(put.statusCode, 204)
      assert.equal(put.body, '')
      assert.deepEqual((await f.server.inject({ url: '/website?keyword=example.com/a' })).json()[0], { website_id: 1, website_url: 'https://example.com/a', monitoring_interval: 5, regex: null })
      const putMissing = await f.server.inject({ method: 'PUT', url: '/websites', payload: { website_url: 'https://nowhere.test/', monitoring_interval: 5 } })
      assert.equal(putMissing.statusCode, 404)
      assert.equal(typeof putMissing.json().detail, 'string')

      const monitoringMissing = await f.server.inject({ url: '/monitoring?website=https://nowhere.test/' })
      assert.equal(monitoringMissing.statusCode, 404)
      assert.deepEqual((await f.server.inject({ url: '/monitoring?website=https://example.com/a' })).json(), [])
    } finally {
      await f.close()
    }
  })
})

test('the original validation: interval 5..300, absolute http(s) url, a regex that compiles; FastAPI 422 bodies', async (t) => {
  await eachDialect(t, async (db) => {
    const f = await startTestFlotilla(db, API_ONLY, { services: [monitorService] })
    try {
      const cases: Array<[unknown, string]> = [
        [{ website_url: 'https://a.test/', monitoring_interval: 4 }, 'monitoring_interval'],
        [{ website_url: 'https://a.test/', monitoring_interval: 301 }, 'monitoring_interval'],
        [{ website_url: 'https://a.test/', monitoring_interval: 7.5 }, 'monitoring_interval'],
        [{ website_url: 'example.com', monitoring_interval: 10 }, 'website_url'],
        [{ website_url: 'ftp://a.test/', monitoring_interval: 10 }, 'website_url'],
        [{ website_url: '/relative', monitoring_interval: 10 }, 'website_url'],
        [{ website_url: 'https://a.test/', monitoring_interval: 10, regex: '(unclosed' }, 'regex'],
        [{ monitoring_interval: 10 }, 'website_url'],
      ]
      for (const [payload, field] of cases) {
        const res = await f.server.inject({ method: 'POST', url: '/website', payload: payload as object })
        assert.equal(res.statusCode, 422, JSON.stringify(payload))
        const detail = res.json().detail as Array<{ loc: string[]; msg: string }>
        assert.ok(Array.isArray(detail) && detail.length > 0, res.body)
        assert.ok(detail.some((d) => d.loc.includes(field)), `${JSON.stringify(payload)}: ${res.body}`)
      }
      const notJson = await f.server.inject({ method: 'POST', url: '/website', headers: { 'content-type': 'application/json' }, payload: '{nope' })
      assert.equal(notJson.statusCode, 422)
      assert.equal((await f.server.inject({ url: '/websites' })).json().length, 0)
      const badPage = await f.server.inject({ url: '/websites?page=-1' })
      assert.equal(badPage.statusCode, 422)
      assert.deepEqual(badPage.json().detail[0].loc, ['query', 'page'])
    } finally {
      await f.close()
    }
  })
})
