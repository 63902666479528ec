// The sites the soak's Flotilla reads, in a process of their own so that the soak's own
// work (generating uploads, checking answers) never slows them: the events provider's feed
// and the monitored targets. Ports from SOAK_FEED_PORT and SOAK_TARGETS_PORT.
import { createServer } from 'node:http'
import { feedBuffer } from '../bench/events/feed.ts'
import { FEED_EVENTS, FEED_ZONES } from './fixtures.ts'

/** The events provider: the same events on every fetch with every price changed; GET /served counts the feeds. */
let served = 0
const feed = createServer((request, response) => {
  if (request.url === '/served') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served))
  const body = feedBuffer({ events: FEED_EVENTS, zones: FEED_ZONES, priceBump: ++served })
  response.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length }).end(body)
})

/** The monitored sites: fast and matching, slow (0.3 s), failing (500). */
const targets = createServer((request, response) => {
  const path = request.url?.split('?')[0]
  const answer = () => {
    if (path === '/fail') return response.writeHead(500).end('down for maintenance')
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><p>status: <b>fine</b> at ${Date.now()}</p></body></html>`)
  }
  if (path === '/slow') setTimeout(answer, 300)
  else answer()
})
targets.keepAliveTimeout = 60_000

feed.listen(Number(process.env.SOAK_FEED_PORT), '127.0.0.1')
targets.listen(Number(process.env.SOAK_TARGETS_PORT), '127.0.0.1')
process.on('SIGTERM', () => process.exit(0))
