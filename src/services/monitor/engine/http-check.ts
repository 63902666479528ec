import type { LookupFunction } from 'node:net'
import { Agent, type Dispatcher } from 'undici'
import type { CheckOutcome, ErrorKind } from '../check.ts'
import { toJsRegex, type JsRegex } from '../regex-syntax.ts'
import { classifyError } from './classify-error.ts'
import type { RegexPool } from './regex-pool.ts'

export interface CheckTarget {
  url: string
  timeoutMs: number
  regex: JsRegex | null
}

/**
 * What to check for a website. Checks are cut off before the next slot (at 90% of the
 * interval), so a dead website is still checked at every slot.
 */
export function targetOf(site: { url: string; intervalSeconds: number; regex: string | null }, timeoutMs: number): CheckTarget {
  return { url: site.url, timeoutMs: Math.min(timeoutMs, Math.floor(site.intervalSeconds * 900)), regex: site.regex === null ? null : toJsRegex(site.regex) }
}

export interface HttpCheckerOptions {
  maxBodyBytes: number
  maxRedirects: number
  connectionsPerOrigin: number
  userAgent: string
  regexPool: RegexPool
  /** Tests resolve names themselves (there is no DNS here). */
  lookup?: LookupFunction
}

export interface HttpChecker {
  check(target: CheckTarget, signal?: AbortSignal): Promise<CheckOutcome>
  close(): Promise<void>
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

class CheckError extends Error {
  constructor(readonly kind: ErrorKind) {
    super(kind)
  }
}

/**
 * GETs websites through one keep-alive agent: a site checked every few seconds reuses its
 * connection instead of paying a TCP (and TLS) handshake each time. Each check has one
 * deadline for the whole exchange, redirects included; the body is read up to a cap.
 */
export function createHttpChecker(options: HttpCheckerOptions): HttpChecker {
  const agent = new Agent({
    connections: options.connectionsPerOrigin,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    maxHeaderSize: 64 * 1024,
    connect: options.lookup ? { lookup: options.lookup } : {},
  })
  const headers = { 'user-agent': options.userAgent, accept: '*/*' }

  async function readBody(body: Dispatcher.ResponseData['body'], keep: boolean): Promise<{ bytes: Buffer | undefined; truncated: boolean }> {
    const max = options.maxBodyBytes
    const chunks: Buffer[] = []
    let total = 0
    let truncated = false
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = max - total
      if (chunk.length > room) {
        if (keep && room > 0) chunks.push(chunk.subarray(0, room))
        total = max
        truncated = true
        // Leaving the loop destroys the body: the rest is never read (nor the connection reused).
        break
      }
      if (keep) chunks.push(chunk)
      total += chunk.length
    }
    if (!keep) return { bytes: undefined, truncated }
    // Its own memory, not a pool slice, because it is transferred to the regex thread.
    const bytes = Buffer.allocUnsafeSlow(total)
    let at = 0
    for (const c of chunks) at += c.copy(bytes, at)
    return { bytes, truncated }
  }

  async function check(target: CheckTarget, signal?: AbortSignal): Promise<CheckOutcome> {
    const started = performance.now()
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), target.timeoutMs)
    const onShutdown = () => controller.abort()
    signal?.addEventListener('abort', onShutdown, { once: true })
    let url = new URL(target.url)
    try {
      for (let hop = 0; ; hop++) {
        const response = await agent.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers, signal: controller.signal })
        const location = response.headers.location
        if (REDIRECTS.has(response.statusCode) && location !== undefined) {
          await response.body.dump()
          if (hop >= options.maxRedirects) throw new CheckError('redirects')
          url = new URL(Array.isArray(location) ? location[0]! : location, url)
          if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CheckError('redirects')
          continue
        }
        const { bytes, truncated } = await readBody(response.body, target.regex !== null)
        const durationMs = performance.now() - started
        clearTimeout(timer)
        if (target.regex === null || bytes === undefined) return { status: response.statusCode, durationMs, error: null, matches: null, truncated }
        const result = await options.regexPool.match(target.regex, bytes, charsetOf(response.headers['content-type']))
        if ('error' in result) return { status: response.statusCode, durationMs, error: 'regex', matches: null, truncated }
        return { status: response.statusCode, durationMs, error: null, matches: result.matches, truncated }
      }
    } catch (error) {
      const kind = error instanceof CheckError ? error.kind : controller.signal.aborted ? 'timeout' : classifyError(error)
      return { status: null, durationMs: performance.now() - started, error: kind, matches: null, truncated: false }
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onShutdown)
    }
  }

  return { check, close: () => agent.close() }
}

function charsetOf(contentType: string | string[] | undefined): string | undefined {
  const value = Array.isArray(contentType) ? contentType[0] : contentType
  return value ? /charset=["']?([\w-]+)/i.exec(value)?.[1] : undefined
}
