import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { Registry } from 'prom-client'
import { startDemoSite, type DemoSite } from '../../../src/services/hotels/demo-site/server.ts'
import { createHotelsMetrics } from '../../../src/services/hotels/metrics.ts'
import { FetchError } from '../../../src/services/hotels/source/fetch-error.ts'
import { retryAfterMs } from '../../../src/services/hotels/source/retry.ts'
import { SourceClient, type SourceClientOptions } from '../../../src/services/hotels/source/source-client.ts'

function client(options: Partial<SourceClientOptions> = {}, registry = new Registry()) {
  return new SourceClient({ concurrencyPerHost: 4, ratePerSecond: 0, timeoutMs: 2000, userAgent: 'FlotillaTest/1.0', respectRobots: true, backoffBaseMs: 10, ...options }, createHotelsMetrics(registry))
}

async function withSite(options: Parameters<typeof startDemoSite>[0], fn: (site: DemoSite) => Promise<void>): Promise<void> {
  const site = await startDemoSite({ hotelsPerCity: 30, ...options })
  try {
    await fn(site)
  } finally {
    await site.close()
  }
}

const rejectsWith = (outcome: string) => (e: unknown) => e instanceof FetchError && e.outcome === outcome

test('5xx and 429 are retried; Retry-After is waited out; the page comes through', async () => {
  await withSite({ failFirst: 2, retryAfterSeconds: 1 }, async (site) => {
    const registry = new Registry()
    const c = client({}, registry)
    try {
      const url = site.listUrl(site.catalog.cities[0]!)
      const body = await c.fetch({ url, kind: 'list' })
      assert.match(body.toString(), /data-hotels-data/)
      const list = site.log.filter((r) => r.kind === 'list')
      assert.deepEqual(list.map((r) => r.status), [503, 429, 200])
      assert.ok(list[2]!.at - list[1]!.at >= 950, `the retry after the 429 came ${list[2]!.at - list[1]!.at} ms later; Retry-After said 1 s`)
      const metrics = await registry.metrics()
      assert.match(metrics, /hotels_fetch_retries_total\{kind="list",reason="5xx"\} 1/)
      assert.match(metrics, /hotels_fetch_retries_total\{kind="list",reason="429"\} 1/)
      assert.match(metrics, /hotels_pages_fetched_total\{kind="list",outcome="ok"\} 1/)
    } finally {
      await c.close()
    }
  })
})

test('retries end: a site that keeps failing, a Retry-After longer than allowed, a 404', async () => {
  await withSite({ failFirst: 100, retryAfterSeconds: 120 }, async (site) => {
    const c = client({ maxRetries: 2 })
    try {
      const url = site.listUrl(site.catalog.cities[0]!)
      await assert.rejects(c.fetch({ url, kind: 'list' }), (e: unknown) => e instanceof FetchError && e.outcome === 'gave_up' && /asked to wait 120 s/.test(e.message))
      await assert.rejects(c.fetch({ url: `${site.url}/nowhere.html`, kind: 'list' }), rejectsWith('not_found'))
      assert.equal(site.log.filter((r) => r.path.includes('nowhere')).length, 1, 'a 404 is not retried')
    } finally {
      await c.close()
    }
  })
  await withSite({ failFirst: 100, retryAfterSeconds: 0 }, async (site) => {
    const c = client({ maxRetries: 2 })
    try {
      await assert.rejects(c.fetch({ url: site.listUrl(site.catalog.cities[0]!), kind: 'list' }), (e: unknown) => e instanceof FetchError && e.transient && e.status === 503)
      assert.equal(site.log.filter((r) => r.kind === 'list').length, 3, 'the first attempt and two retries')
    } finally {
      await c.close()
    }
  })
})

test('a slow answer times out and is retried; the caller can abort', async () => {
  await withSite({ latencyMs: 300 }, async (site) => {
    const c = client({ timeoutMs: 100, maxRetries: 1, respectRobots: false })
    try {
      const url = site.listUrl(site.catalog.cities[0]!)
      await assert.rejects(c.fetch({ url, kind: 'list' }), rejectsWith('timeout'))
      const controller = new AbortController()
      const aborted = c.fetch({ url, kind: 'list', signal: controller.signal })
      setTimeout(() => controller.abort(new Error('stop')), 20)
      await assert.rejects(aborted, /stop/)
    } finally {
      await c.close()
    }
  })
})

test('at most concurrencyPerHost requests at once, and no faster than the rate', async () => {
  await withSite({ latencyMs: 30 }, async (site) => {
    const c = client({ concurrencyPerHost: 3, respectRobots: false })
    try {
      const city = site.catalog.cities[0]!
      const urls = site.catalog.hotelsOf(city).slice(0, 20).map((h) => `${site.url}/Hotel_Review-g${city.geoId}-d${h.id}-Reviews-x.html`)
      await Promise.all(urls.map((url) => c.fetch({ url, kind: 'hotel' })))
      assert.equal(site.maxInFlight, 3)
    } finally {
      await c.close()
    }
  })
  await withSite({}, async (site) => {
    const c = client({ ratePerSecond: 20, respectRobots: false })
    try {
      const started = Date.now()
      await Promise.all(Array.from({ length: 6 }, () => c.fetch({ url: site.listUrl(site.catalog.cities[0]!), kind: 'list' })))
      assert.ok(Date.now() - started >= 240, `6 requests at 20/s took ${Date.now() - started} ms`)
    } finally {
      await c.close()
    }
  })
})

test('robots.txt is honoured (read once per host), unless disabled; the user agent is sent', async () => {
  await withSite({ disallow: ['/Hotels-g186338-'] }, async (site) => {
    const london = site.listUrl(site.catalog.cities[1]!)
    const paris = site.listUrl(site.catalog.cities[0]!)
    const polite = client()
    try {
      await assert.rejects(polite.fetch({ url: london, kind: 'list' }), (e: unknown) => e instanceof FetchError && e.outcome === 'disallowed' && /robots\.txt disallows/.test(e.message))
      await polite.fetch({ url: paris, kind: 'list' })
      await polite.fetch({ url: paris, kind: 'list' })
      assert.equal(site.log.filter((r) => r.path === london).length, 0, 'a disallowed page is never requested')
      assert.equal(site.log.filter((r) => r.kind === 'robots').length, 1)
      assert.ok(site.log.every((r) => r.userAgent === 'FlotillaTest/1.0'))
    } finally {
      await polite.close()
    }
    const rude = client({ respectRobots: false })
    try {
      await rude.fetch({ url: london, kind: 'list' })
    } finally {
      await rude.close()
    }
  })
})

test('robots.txt missing (4xx) allows everything; unreadable (5xx) forbids everything, saying why', async () => {
  for (const [status, allowed] of [[404, true], [503, false]] as const) {
    const server = createServer((request, response) => response.writeHead(request.url === '/robots.txt' ? status : 200).end('page'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const c = client({ maxRetries: 1 })
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Hotels-g1-x-Hotels.html`
      if (allowed) assert.equal((await c.fetch({ url, kind: 'list' })).toString(), 'page')
      else await assert.rejects(c.fetch({ url, kind: 'list' }), (e: unknown) => e instanceof FetchError && e.transient && /robots\.txt could not be read \(\/robots\.txt answered HTTP 503\)/.test(e.message))
    } finally {
      await c.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
})

test('Retry-After: seconds or an HTTP date', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0)
  assert.equal(retryAfterMs('3', now), 3000)
  assert.equal(retryAfterMs(['0'], now), 0)
  assert.equal(retryAfterMs(new Date(now + 5000).toUTCString(), now), 5000)
  assert.equal(retryAfterMs(new Date(now - 5000).toUTCString(), now), 0)
  assert.equal(retryAfterMs('soon', now), undefined)
  assert.equal(retryAfterMs(undefined, now), undefined)
})
