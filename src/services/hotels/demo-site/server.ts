import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Catalog, type DemoCity } from './catalog.ts'
import { listPath, type ListVariant } from './markup.ts'
import { home, hotelPage, kindOf, listPage, robots, typeahead, type Answer, type RequestKind } from './pages.ts'
import { mix, seeded } from './random.ts'

export interface DemoSiteOptions {
  host?: string
  /** 0: any free port. */
  port?: number
  seed?: number
  /** At least 90 makes three list pages; tests use fewer. */
  hotelsPerCity?: number
  /** Added to every answer. */
  latencyMs?: number
  /** Share of page requests answered 500, 502 or 503. */
  errorRate?: number
  /** Share of page requests answered 429 with `Retry-After`. */
  rate429?: number
  retryAfterSeconds?: number
  /** The first N requests of each page fail (503 and 429 in turn): a flaky site, deterministically. */
  failFirst?: number
  /** `mixed` (default): the JSON layout on some list pages, the anchor layout on the others. */
  listVariant?: ListVariant | 'mixed'
  /** Hotel ids whose page is served broken. */
  malformedHotels?: Iterable<number>
  /** Path prefixes robots.txt disallows (besides /private/). */
  disallow?: string[]
  /** Awaited before a request is answered (tests hold a page back with it). */
  gate?: (request: DemoRequest) => Promise<void> | void
}

export type { RequestKind } from './pages.ts'

export interface DemoRequest {
  method: string
  path: string
  kind: RequestKind
  userAgent: string | undefined
}

export interface DemoSite {
  url: string
  catalog: Catalog
  /** Every request, in the order they were answered, with the status it got and when it arrived (ms). */
  log: Array<DemoRequest & { status: number; at: number }>
  /** The most requests it held at once. */
  maxInFlight: number
  malformed: Set<number>
  listUrl(city: DemoCity, page?: number): string
  close(): Promise<void>
}

const LOG_LIMIT = 200_000

/**
 * A local stand-in for the site the original scraped: generated cities and hotels in the
 * original's markup, a typeahead, robots.txt, and on demand latency, errors and 429s.
 * A plain node:http server, for the CLI, the tests and the bench alike.
 */
export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSite> {
  const catalog = new Catalog(options.seed ?? 1, options.hotelsPerCity ?? 90)
  const random = seeded(mix(options.seed ?? 1, 'faults'))
  const failures = new Map<string, number>()
  const sockets = new Set<Socket>()
  let inFlight = 0

  const site: DemoSite = {
    url: '',
    catalog,
    log: [],
    maxInFlight: 0,
    malformed: new Set(options.malformedHotels ?? []),
    listUrl: (city, page = 1) => `${site.url}${listPath(city, page)}`,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  /** The status of a fault to inject into this request, if any. */
  function fault(path: string): number | undefined {
    const seen = failures.get(path) ?? 0
    if (seen < (options.failFirst ?? 0)) {
      failures.set(path, seen + 1)
      return seen % 2 === 0 ? 503 : 429
    }
    const roll = random()
    if (roll < (options.errorRate ?? 0)) return [500, 502, 503][Math.floor(random() * 3)]!
    if (roll < (options.errorRate ?? 0) + (options.rate429 ?? 0)) return 429
    return undefined
  }

  async function answer(request: IncomingMessage, path: string, kind: RequestKind): Promise<Answer> {
    if (kind === 'robots') return [200, 'text/plain; charset=utf-8', robots(options.disallow ?? [])]
    if (kind === 'other') return path === '/' ? [200, 'text/html; charset=utf-8', home(catalog)] : [404, 'text/plain', 'not found\n']
    const injected = fault(`${request.method} ${path}`)
    if (injected) return [injected, 'text/plain', injected === 429 ? 'slow down\n' : 'server error\n']
    if (kind === 'typeahead') return typeahead(catalog, await readBody(request))
    if (kind === 'list') return listPage(catalog, path, options.listVariant ?? 'mixed')
    return hotelPage(catalog, path, site.malformed)
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!
    const at = Date.now()
    const entry: DemoRequest = { method: request.method ?? 'GET', path, kind: kindOf(request.method, path), userAgent: request.headers['user-agent'] }
    inFlight += 1
    site.maxInFlight = Math.max(site.maxInFlight, inFlight)
    void (async () => {
      let status = 500
      try {
        await options.gate?.(entry)
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs))
        const [code, type, body] = await answer(request, path, entry.kind)
        status = code
        const headers: Record<string, string> = { 'content-type': type }
        if (code === 429) headers['retry-after'] = String(options.retryAfterSeconds ?? 1)
        send(response, code, headers, body)
      } catch {
        send(response, 500, { 'content-type': 'text/plain' }, 'server error\n')
      } finally {
        inFlight -= 1
        if (site.log.length < LOG_LIMIT) site.log.push({ ...entry, status, at })
      }
    })()
  })
  server.keepAliveTimeout = 30_000
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  site.url = `http://${host}:${address.port}`
  return site
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (response.destroyed) return
  response.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) })
  response.end(body)
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > 64 * 1024) request.destroy(new Error('body too large'))
      else chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}
