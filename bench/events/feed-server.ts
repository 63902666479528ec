// Serves a generated feed at /feed.xml (and a second one, every price changed, at
// /feed-changed.xml) from memory, as fast as a provider could.
import { createServer } from 'node:http'
import { feedBuffer } from './feed.ts'

const shape = { events: Number(process.env.FEED_EVENTS), zones: Number(process.env.FEED_ZONES) }
const feeds: Record<string, Buffer> = {
  '/feed.xml': feedBuffer(shape),
  '/feed-changed.xml': feedBuffer({ ...shape, priceBump: 1 }),
}
createServer((request, response) => {
  const body = feeds[request.url ?? '']
  if (!body) return void response.writeHead(request.url === '/ready' ? 200 : 404).end(String(feeds['/feed.xml']!.length))
  response.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length })
  response.end(body)
}).listen(Number(process.env.PORT), '127.0.0.1')
