import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parse as parseQuery } from 'fast-querystring'
import type { HttpMetrics } from '../metrics.ts'
import type { Profiler } from '../profiler/profiler.ts'

export type HotQuery = Record<string, string | string[] | undefined>

export interface HotReply {
  status: number
  body: Buffer | string
  contentType: string
  headers?: Record<string, string>
}

/**
 * A public GET route answered before Fastify sees the request: no hooks, no child
 * logger, no schema compilers, only the answer and its metrics. For read paths that
 * answer from memory at tens of thousands of requests a second, where Fastify's
 * pipeline and the kit's hooks cost twice the answer itself (bench/events: /search).
 * The same route is declared in Fastify too (OpenAPI, `inject`), calling the same
 * `answer`; a request the hot path cannot take (another method, a throw) goes to Fastify.
 */
export interface HotPath {
  /** An exact path, without a query string. */
  path: string
  answer(query: HotQuery): HotReply
}

const REQUEST_ID = /^[\w.:-]{1,128}$/

export class HotPaths {
  private readonly paths = new Map<string, HotPath>()
  private overloaded = (): boolean => false

  constructor(private readonly options: { metrics: HttpMetrics; profiler?: Profiler | undefined }) {}

  add(path: HotPath): void {
    if (this.paths.has(path.path)) throw new Error(`hot path declared twice: ${path.path}`)
    this.paths.set(path.path, path)
  }

  /** Under pressure, requests go to Fastify, whose under-pressure hook sheds them with 503. */
  shedWhen(overloaded: () => boolean): void {
    this.overloaded = overloaded
  }

  /** Answers the request and returns true, or returns false and leaves it untouched. */
  dispatch(request: IncomingMessage, response: ServerResponse): boolean {
    if (this.paths.size === 0 || (request.method !== 'GET' && request.method !== 'HEAD') || this.overloaded()) return false
    const url = request.url ?? ''
    const mark = url.indexOf('?')
    const hot = this.paths.get(mark === -1 ? url : url.slice(0, mark))
    if (!hot) return false
    const started = performance.now()
    let reply: HotReply
    try {
      reply = hot.answer(mark === -1 ? {} : (parseQuery(url.slice(mark + 1)) as HotQuery))
    } catch {
      // Fastify runs the same route with the kit's error handling.
      return false
    }
    const sent = request.headers['x-request-id']
    const requestId = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID()
    response.writeHead(reply.status, {
      ...reply.headers,
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
      'x-request-id': requestId,
    })
    response.end(request.method === 'HEAD' ? undefined : reply.body)
    const seconds = (performance.now() - started) / 1000
    const { metrics, profiler } = this.options
    metrics.requests.inc({ method: request.method, route: hot.path, status: reply.status })
    metrics.duration.observe({ method: request.method, route: hot.path }, seconds)
    profiler?.finish(profiler.begin(requestId, request.method, url), hot.path, reply.status, seconds * 1000)
    return true
  }
}
