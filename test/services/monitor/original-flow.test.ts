import assert from 'node:assert/strict'
import { test } from 'node:test'
import { monitorService } from '../../../src/services/monitor/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla, waitFor } from '../../helpers/flotilla.ts'
import { closedPort, startTargetServer } from './target-server.ts'

interface OriginalCheck {
  id: number
  website_id: number
  http_status: number
  entry_timestamp: string
  response_time: number
  regex_response: unknown[] | null
}

test('POST /website, then GET /monitoring lists a check every interval with status, time and matches', async (t) => {
  const target = await startTargetServer()
  try {
    await eachDialect(t, async (db) => {
      const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'monitor', MONITOR_FLUSH_MS: '100' }, { services: [monitorService] })
      try {
        const url = target.url('/ok')
        const created = await f.server.inject({ method: 'POST', url: '/website', payload: { website_url: url, monitoring_interval: 5, regex: '(\\d+) EUR' } })
        assert.equal(created.statusCode, 201, created.body)
        const dead = `http://127.0.0.1:${await closedPort()}/`
        assert.equal((await f.server.inject({ method: 'POST', url: '/website', payload: { website_url: dead, monitoring_interval: 5 } })).statusCode, 201)

        const list = (u: string) => async () => {
          const res = await f.server.inject({ url: `/monitoring?website=${encodeURIComponent(u)}&size=10` })
          const checks = res.json<OriginalCheck[]>()
          return checks.length >= 2 ? checks : undefined
        }
        const checks = await waitFor(list(url), 60_000, 'two checks of the target')
        for (const check of checks) {
          assert.equal(check.website_id, created.json().website_id)
          assert.equal(check.http_status, 200)
          assert.equal(typeof check.response_time, 'number')
          assert.ok(check.response_time < 9999)
          assert.deepEqual(check.regex_response, ['42', '7'])
          assert.ok(!Number.isNaN(Date.parse(check.entry_timestamp)))
        }
        assert.ok(Date.parse(checks[0]!.entry_timestamp) > Date.parse(checks[1]!.entry_timestamp), 'newest first')

        // No response at all: the original's encoding, and the real error kind in the new API.
        const failed = (await waitFor(list(dead), 60_000, 'two checks of the dead website'))[0]!
        assert.equal(failed.http_status, 999)
        assert.equal(failed.response_time, 9999)
        assert.equal(failed.regex_response, null)
        const api = await f.server.inject({ url: `/api/monitor/websites/${failed.website_id}/checks?limit=1` })
        assert.deepEqual({ ...api.json().items[0], durationMs: 0 }, { id: failed.id, startedAt: Date.parse(failed.entry_timestamp), durationMs: 0, status: null, error: 'refused', matches: null, up: false })
      } finally {
        await f.close()
      }
    })
  } finally {
    await target.close()
  }
})
