import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventsService } from '../../../src/services/events/index.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { startTestFlotilla } from '../../helpers/flotilla.ts'
import { eventsEnv, fetchNow, sample, searchAll, startFetch, startProvider, type Handler } from './provider.ts'

const moment2 = sample('provider-v2-moment2.xml')
const LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><eventList><output>&lol2;</output></eventList>`

const xml = (body: string, headers: Record<string, string> = {}): Handler => (_request, response) => response.writeHead(200, { 'content-type': 'application/xml', ...headers }).end(body)

/** Each way a provider fails, what the fetch reports, and a handler that fails that way. */
const failures: Array<{ name: string; outcome: string; error: RegExp; handler: Handler }> = [
  { name: 'answers 500', outcome: 'http_error', error: /HTTP 500/, handler: (_q, r) => r.writeHead(500).end('oops') },
  { name: 'answers 503', outcome: 'http_error', error: /HTTP 503/, handler: (_q, r) => r.writeHead(503).end() },
  { name: 'never answers', outcome: 'timeout', error: /within 2 s/, handler: () => {} },
  {
    name: 'sends half the feed, then stalls',
    outcome: 'timeout',
    error: /within 2 s/,
    handler: (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/xml' })
      r.write(moment2.slice(0, 800))
    },
  },
  { name: 'sends half the feed and ends', outcome: 'truncated', error: /cut short/, handler: xml(moment2.slice(0, moment2.indexOf('<base_event base_event_id="444"'))) },
  {
    name: 'breaks the connection mid-feed',
    outcome: 'truncated',
    error: /connection broke/,
    handler: (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(moment2.length) })
      r.write(moment2.slice(0, 900), () => r.destroy())
    },
  },
  { name: 'sends XML that is not well-formed', outcome: 'invalid_xml', error: /not well-formed/, handler: xml(moment2.replace('</output>', '</outptu>')) },
  { name: 'sends another document', outcome: 'invalid_xml', error: /root is <html>/, handler: xml('<html><body>maintenance</body></html>') },
  { name: 'sends an empty body', outcome: 'invalid_xml', error: /empty/, handler: xml('') },
  { name: 'sends a billion laughs', outcome: 'refused', error: /DOCTYPE/, handler: xml(LAUGHS) },
  { name: 'sends elements nested 100,000 deep', outcome: 'refused', error: /nests elements deeper than 64/, handler: xml(`<?xml version="1.0"?><eventList><output>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</output></eventList>`) },
  { name: 'sends an undeclared entity', outcome: 'invalid_xml', error: /not well-formed/, handler: xml(moment2.replace('Pista', 'Pista &xxe;')) },
  {
    name: 'sends a 300 KB attribute',
    outcome: 'refused',
    error: /longer than/,
    handler: xml(moment2.replace('title="Tributo a Queen"', `title="${'Q'.repeat(300 * 1024)}"`)),
  },
  { name: 'sends more than the size cap', outcome: 'too_large', error: /larger than/, handler: xml(moment2.replace('</output>', `${'<!-- padding -->'.repeat(70_000)}</output>`)) },
  {
    name: 'sends more than the size cap, chunked',
    outcome: 'too_large',
    error: /larger than/,
    handler: (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/xml' })
      r.write(moment2)
      for (let i = 0; i < 12; i++) r.write(`<!--${'x'.repeat(100_000)}-->`)
      r.end()
    },
  },
  { name: 'declares another encoding', outcome: 'invalid_xml', error: /encoding/, handler: xml(moment2.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')) },
  { name: 'sends bytes that are not UTF-8', outcome: 'invalid_xml', error: /UTF-8/, handler: (_q, r) => r.writeHead(200).end(Buffer.concat([Buffer.from(moment2.slice(0, 500)), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(moment2.slice(500))])) },
]

test('a provider that fails in any way changes nothing stored', async (t) => {
  await eachDialect(t, async (db) => {
    const provider = await startProvider()
    provider.serve(sample('provider-v2-moment1.xml'))
    const env = eventsEnv(provider, { EVENTS_FETCH_TIMEOUT_SECONDS: '2', EVENTS_MAX_FEED_MB: '1' })
    const f = await startTestFlotilla(db, env, { services: [eventsService] })
    const rows = () => db.database.db.selectFrom('events_event').selectAll().orderBy('id').execute()
    try {
      assert.equal((await startFetch(f)).status, 'succeeded')
      const before = await searchAll(f)
      const stored = await rows()
      assert.equal(before.length, 3)

      for (const failure of failures) {
        provider.handle(failure.handler)
        const job = await fetchNow(f)
        assert.equal(job.status, 'failed', failure.name)
        assert.match(job.error ?? '', failure.error, failure.name)
        assert.doesNotMatch(job.error ?? '', /127\.0\.0\.1/, `${failure.name}: the error does not quote the provider URL`)
        assert.deepEqual(await searchAll(f), before, failure.name)
        assert.deepEqual(await rows(), stored, failure.name)
      }

      await provider.close()
      const down = await fetchNow(f)
      assert.equal(down.status, 'failed')
      assert.match(down.error ?? '', /could not be reached/)
      assert.deepEqual(await searchAll(f), before)

      const metrics = (await f.server.inject({ url: '/metrics' })).body
      const count = (outcome: string) => Number(new RegExp(`events_fetches_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1])
      for (const outcome of new Set(failures.map((x) => x.outcome))) {
        assert.equal(count(outcome), failures.filter((x) => x.outcome === outcome).length, outcome)
      }
      assert.equal(count('unreachable'), 1)
      assert.equal(count('success'), 1)

      const status = (await f.server.inject({ url: '/api/events/status' })).json()
      assert.equal(status.lastFetch.status, 'failed')
      assert.match(status.lastFetch.error, /could not be reached/)
      assert.equal(status.lastSuccess.report.onlineEvents, 3)
      assert.equal(status.index.size, 3)
    } finally {
      await f.close()
      await provider.close().catch(() => {})
    }
  })
})
