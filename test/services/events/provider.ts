import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JobRecord } from '../../../src/kit/jobs/types.ts'
import type { TestFlotilla } from '../../helpers/flotilla.ts'
import { waitFor } from '../../helpers/flotilla.ts'

export function sample(name: 'provider-v1.xml' | 'provider-v2-moment1.xml' | 'provider-v2-moment2.xml'): string {
  return readFileSync(new URL(`../../../../shared/data/events/${name}`, import.meta.url), 'utf8')
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void

/** A provider on 127.0.0.1 whose answer each test sets. */
export interface Provider {
  url: string
  requests: number
  handle(handler: Handler): void
  serve(xml: string): void
  close(): Promise<void>
}

export async function startProvider(): Promise<Provider> {
  let handler: Handler = (_request, response) => response.writeHead(503).end()
  const sockets = new Set<import('node:net').Socket>()
  const server: Server = createServer((request, response) => {
    provider.requests += 1
    handler(request, response)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // A test that fails before closing it must not keep the test process alive.
  server.unref()
  const { port } = server.address() as AddressInfo
  const provider: Provider = {
    url: `http://127.0.0.1:${port}/feed.xml`,
    requests: 0,
    handle(next) {
      handler = next
    },
    serve(xml) {
      handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/xml' }).end(xml)
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return provider
}

/** Settings that make fetches happen only when a test asks (and once at start). */
export function eventsEnv(provider: Provider, extra: Record<string, string> = {}): Record<string, string> {
  return { FLOTILLA_SERVICES: 'events', EVENTS_PROVIDER_URL: provider.url, EVENTS_FETCH_CRON: '0 0 1 1 *', ...extra }
}

const finished = (job: JobRecord | undefined) => (job && job.status !== 'queued' && job.status !== 'running' ? job : undefined)

/** Waits for the fetch enqueued at start to finish. */
export async function startFetch(f: TestFlotilla): Promise<JobRecord> {
  return waitFor(async () => finished((await f.runtime.jobs.list({ type: 'events.fetch' })).at(-1)), 10_000, 'the start fetch')
}

/** Asks for a fetch now and waits for it to finish. */
export async function fetchNow(f: TestFlotilla): Promise<JobRecord> {
  const res = await f.server.inject({ method: 'POST', url: '/api/events/fetch' })
  if (res.statusCode !== 202) throw new Error(`POST /api/events/fetch: ${res.statusCode} ${res.body}`)
  const id = res.json<{ jobId: number }>().jobId
  return waitFor(async () => finished(await f.runtime.jobs.get(id)), 10_000, `fetch job ${id}`)
}

export interface SearchEvent {
  id: string
  title: string
  start_date: string
  start_time: string
  end_date: string
  end_time: string
  min_price: number
  max_price: number
}

export async function searchAll(f: TestFlotilla): Promise<SearchEvent[]> {
  const res = await f.server.inject({ url: '/search' })
  if (res.statusCode !== 200) throw new Error(`GET /search: ${res.statusCode} ${res.body}`)
  return res.json<{ data: { events: SearchEvent[] } }>().data.events
}
