import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { monitorService } from '../../../src/services/monitor/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla, waitFor } from '../../helpers/flotilla.ts'
import { startTargetServer } from './target-server.ts'

/** A webhook receiver that refuses its first delivery, so the retry shows. */
async function startHook() {
  const received: Array<{ body: any }> = []
  let attempts = 0
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (c: Buffer) => (text += c.toString()))
    request.on('end', () => {
      attempts += 1
      if (attempts === 1) return void response.writeHead(500).end()
      received.push({ body: JSON.parse(text) })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

test('state changes are stored, published on the bus, and sent to the webhook with retries', async (t) => {
  const target = await startTargetServer()
  try {
    await eachDialect(t, async (db) => {
      target.flaky = [500, 200]
      const hook = await startHook()
      const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'monitor', MONITOR_FLUSH_MS: '50', MONITOR_WEBHOOK_URL: hook.url }, { services: [monitorService] })
      try {
        const res = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url: target.url('/flaky'), intervalSeconds: 5, failureThreshold: 1 } })
        assert.equal(res.statusCode, 201, res.body)
        const id = res.json().id as number

        const changes = await waitFor(
          async () => {
            const items = (await f.server.inject({ url: `/api/monitor/websites/${id}/state-changes` })).json().items as Array<{ from: string; to: string }>
            return items.length >= 2 ? items : undefined
          },
          60_000,
          'two state changes',
        )
        assert.deepEqual(changes.slice(0, 2).map((c) => `${c.from}->${c.to}`), ['down->up', 'unknown->down'])
        const website = (await f.server.inject({ url: `/api/monitor/websites/${id}` })).json()
        assert.equal(website.state, 'up')

        const messages = await db.database.db.selectFrom('bus_outbox').select(['topic', 'payload']).where('topic', '=', 'monitor.state-changed').execute()
        assert.equal(messages.length, 2)

        // Both alert (to down, and back from down); the first delivery was refused and retried.
        await waitFor(() => (hook.received.length >= 2 ? true : undefined), 60_000, 'two webhook deliveries')
        const bodies = hook.received.map((r) => r.body).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
        assert.deepEqual(bodies.map((b) => [b.from, b.to, b.website.id, b.event]), [['unknown', 'down', id, 'monitor.state-changed'], ['down', 'up', id, 'monitor.state-changed']])
        assert.equal(bodies[0].status, 500)
        assert.equal(hook.attempts(), 3, 'the refused delivery was retried')

        const metrics = (await f.server.inject({ url: '/metrics' })).body
        assert.match(metrics, /monitor_checks_total\{outcome="http-error"\} 1/)
        assert.match(metrics, /monitor_websites\{state="up"\} 1/)
        assert.match(metrics, /monitor_schedule_lag_seconds_count \d+/)
        assert.doesNotMatch(metrics, /127\.0\.0\.1/)
      } finally {
        await f.close()
        await hook.close()
      }
    })
  } finally {
    await target.close()
  }
})
