import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { monitorService } from '../../src/services/monitor/index.ts'
import { createTestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla, waitFor } from '../helpers/flotilla.ts'

/** A website that answers every path with a redirect: to itself, or to a scheme no check may follow. */
async function redirectingSite(): Promise<{ server: Server; url: (path: string) => string; hits: Map<string, number> }> {
  const hits = new Map<string, number>()
  const targets: Record<string, string> = {
    '/loop': '/loop',
    '/ping-pong-a': '/ping-pong-b',
    '/ping-pong-b': '/ping-pong-a',
    '/to-file': 'file:///etc/passwd',
    '/to-javascript': 'javascript:alert(1)',
    '/to-data': 'data:text/html,<h1>hi</h1>',
    '/to-garbage': 'http://[::1',
  }
  const server = createServer((request, response) => {
    const path = request.url ?? '/'
    hits.set(path, (hits.get(path) ?? 0) + 1)
    response.writeHead(302, { location: targets[path] ?? '/loop' }).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return { server, url: (path) => `http://127.0.0.1:${port}${path}`, hits }
}

test('a monitored site that redirects in a loop or to a non-http scheme records a failed check; the server stays fine', async () => {
  const site = await redirectingSite()
  const db = await createTestDatabase('sqlite')
  const f = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'monitor', MONITOR_FLUSH_MS: '100' }, { services: [monitorService] })
  try {
    const paths = ['/loop', '/ping-pong-a', '/to-file', '/to-javascript', '/to-data', '/to-garbage']
    const ids = new Map<string, number>()
    for (const path of paths) {
      const res = await f.server.inject({ method: 'POST', url: '/api/monitor/websites', payload: { url: site.url(path), intervalSeconds: 5 } })
      assert.equal(res.statusCode, 201, res.body)
      ids.set(path, res.json().id)
    }
    for (const [path, id] of ids) {
      const check = await waitFor(
        async () => (await f.server.inject({ url: `/api/monitor/websites/${id}/checks?limit=1` })).json().items[0],
        30_000,
        `a check of ${path}`,
      )
      assert.equal(check.up, false, path)
      assert.equal(check.status, null, path)
      // A Location that is no URL at all is a network error; every other case is a redirect failure.
      assert.equal(check.error, path === '/to-garbage' ? check.error : 'redirects', path)
      assert.ok(['redirects', 'network'].includes(check.error), `${path}: ${check.error}`)
    }
    // The loop stops at the redirect limit (5 by default, plus the first request) at each check.
    const checks = (await f.server.inject({ url: `/api/monitor/websites/${ids.get('/loop')}/checks?limit=100` })).json().items.length
    assert.ok((site.hits.get('/loop') ?? 0) <= 6 * (checks + 1), `the loop was followed ${site.hits.get('/loop')} times in ${checks} checks`)
    assert.equal((await f.server.inject({ url: '/healthz' })).statusCode, 200)
    assert.equal((await f.server.inject({ url: '/readyz' })).statusCode, 200)
  } finally {
    await f.close()
    await db.cleanup()
    site.server.close()
  }
})
