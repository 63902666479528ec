import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent, request, type Dispatcher } from 'undici'
import type { HotelsMetrics } from '../metrics.ts'
import { FetchError, networkCode } from './fetch-error.ts'
import { HostGate } from './host-gate.ts'
import { backoffMs, retryAfterMs, retryReason } from './retry.ts'
import { RobotsRules, type RobotsFile } from './robots.ts'

export type PageKind = 'typeahead' | 'list' | 'hotel' | 'robots'
export const pageKinds: readonly PageKind[] = ['typeahead', 'list', 'hotel', 'robots']

export interface SourceClientOptions {
  concurrencyPerHost: number
  /** Requests started per second and host; 0: no limit. */
  ratePerSecond: number
  /** One attempt: connecting, waiting and reading the whole body. */
  timeoutMs: number
  userAgent: string
  respectRobots: boolean
  /** Attempts after the first, for 429, 5xx, timeouts and broken connections. */
  maxRetries?: number
  backoffBaseMs?: number
  backoffMaxMs?: number
  /** A Retry-After longer than this ends the retries instead of waiting. */
  maxRetryAfterMs?: number
  maxBodyBytes?: number
}

export interface PageRequest {
  url: string
  kind: PageKind
  method?: 'GET' | 'POST'
  body?: string
  headers?: Record<string, string>
  signal?: AbortSignal
}

const RETRIED = new Set([408, 429, 500, 502, 503, 504])

/**
 * Fetches the source's pages politely: keep-alive connections, a concurrency and rate
 * limit per host, robots.txt, retries with backoff that honour Retry-After, a timeout
 * per attempt and a cap on body size. Only a 2xx answer resolves; everything else ends
 * in a FetchError, except the caller's abort, which rejects with its reason.
 */
export class SourceClient {
  private readonly agent: Agent
  private readonly gates = new Map<string, HostGate>()
  private readonly robots: RobotsRules
  private readonly maxRetries: number
  private readonly backoffBaseMs: number
  private readonly backoffMaxMs: number
  private readonly maxRetryAfterMs: number
  private readonly maxBodyBytes: number

  constructor(
    private readonly options: SourceClientOptions,
    private readonly metrics?: HotelsMetrics,
  ) {
    this.agent = new Agent({
      connections: options.concurrencyPerHost,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    })
    this.robots = new RobotsRules(options.userAgent, (url, signal) => this.robotsFile(url, signal))
    this.maxRetries = options.maxRetries ?? 4
    this.backoffBaseMs = options.backoffBaseMs ?? 250
    this.backoffMaxMs = options.backoffMaxMs ?? 10_000
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000
    this.maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024
  }

  async fetch(page: PageRequest): Promise<Buffer> {
    const robots = this.options.respectRobots ? await this.robots.check(page.url, page.signal) : { allowed: true as const }
    if (!robots.allowed) {
      this.metrics?.pagesFetched.inc({ kind: page.kind, outcome: 'disallowed' })
      const path = new URL(page.url).pathname
      // An unreadable robots.txt forbids everything (RFC 9309) until it can be read again.
      if (robots.unreadable) throw new FetchError('disallowed', `${path} not fetched: robots.txt could not be read (${robots.unreadable})`, true)
      throw new FetchError('disallowed', `robots.txt disallows ${path}`, false)
    }
    return this.counted(page)
  }

  /** Ends the connections; by now the jobs that used them have stopped or been handed back. */
  async close(): Promise<void> {
    await this.agent.destroy()
  }

  private gate(url: string): HostGate {
    const host = new URL(url).host
    let gate = this.gates.get(host)
    if (!gate) {
      const rate = this.options.ratePerSecond
      gate = new HostGate(this.options.concurrencyPerHost, rate > 0 ? 1000 / rate : 0)
      this.gates.set(host, gate)
    }
    return gate
  }

  private async attempts(page: PageRequest): Promise<Buffer> {
    const gate = this.gate(page.url)
    for (let attempt = 1; ; attempt++) {
      const release = await gate.acquire(page.signal)
      let outcome: { body: Buffer } | { error: FetchError; waitMs: number | undefined }
      try {
        outcome = await this.once(page)
      } finally {
        release()
      }
      if ('body' in outcome) return outcome.body
      const { error } = outcome
      if (!error.transient || attempt > this.maxRetries) throw error
      const waitMs = outcome.waitMs ?? backoffMs(attempt, this.backoffBaseMs, this.backoffMaxMs)
      if (waitMs > this.maxRetryAfterMs) {
        throw new FetchError('gave_up', `${error.message}; the site asked to wait ${Math.round(waitMs / 1000)} s, longer than the ${this.maxRetryAfterMs / 1000} s allowed`, false, error.status)
      }
      // Every request to the host waits out a 429, not only this one.
      if (error.status === 429) gate.pause(Date.now() + waitMs)
      this.metrics?.retries.inc({ kind: page.kind, reason: retryReason(error) })
      await sleep(waitMs, undefined, { signal: page.signal })
    }
  }

  /** One attempt; a failure comes back as a value with how long the site asked us to wait. */
  private async once(page: PageRequest): Promise<{ body: Buffer } | { error: FetchError; waitMs: number | undefined }> {
    const path = new URL(page.url).pathname
    const timeout = AbortSignal.timeout(this.options.timeoutMs)
    const signal = page.signal ? AbortSignal.any([page.signal, timeout]) : timeout
    const started = performance.now()
    let response: Dispatcher.ResponseData | undefined
    try {
      response = await request(page.url, {
        dispatcher: this.agent,
        method: page.method ?? 'GET',
        headers: { 'user-agent': this.options.userAgent, accept: 'text/html,application/json;q=0.9,*/*;q=0.5', 'accept-language': 'en-US;q=0.9', ...page.headers },
        body: page.body,
        signal,
      })
      const status = response.statusCode
      if (status >= 200 && status < 300) return { body: await this.read(response, path) }
      await response.body.dump().catch(() => {})
      const waitMs = retryAfterMs(response.headers['retry-after'])
      if (RETRIED.has(status)) return { error: new FetchError('http_error', `${path} answered HTTP ${status}`, true, status), waitMs }
      if (status === 404 || status === 410) return { error: new FetchError('not_found', `${path} answered HTTP ${status}`, false, status), waitMs: undefined }
      return { error: new FetchError('http_error', `${path} answered HTTP ${status}`, false, status), waitMs: undefined }
    } catch (error) {
      if (page.signal?.aborted) throw page.signal.reason
      if (error instanceof FetchError) return { error, waitMs: undefined }
      response?.body.destroy()
      if (timeout.aborted || /Timeout/.test(networkCode(error))) {
        return { error: new FetchError('timeout', `${path} did not answer within ${this.options.timeoutMs} ms`, true), waitMs: undefined }
      }
      return { error: new FetchError('unreachable', `${path} could not be fetched (${networkCode(error)})`, true), waitMs: undefined }
    } finally {
      this.metrics?.fetchDuration.observe({ kind: page.kind }, (performance.now() - started) / 1000)
    }
  }

  private async read(response: Dispatcher.ResponseData, path: string): Promise<Buffer> {
    const tooLarge = () => new FetchError('too_large', `${path} is larger than ${this.maxBodyBytes} bytes`, false)
    if (Number(response.headers['content-length'] ?? 0) > this.maxBodyBytes) {
      response.body.destroy()
      throw tooLarge()
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length
      if (size > this.maxBodyBytes) {
        response.body.destroy()
        throw tooLarge()
      }
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks, size)
  }

  private async robotsFile(url: string, signal?: AbortSignal): Promise<RobotsFile> {
    try {
      const body = await this.counted({ url, kind: 'robots', signal })
      return { status: 'found', text: body.toString('utf8') }
    } catch (error) {
      if (!(error instanceof FetchError)) throw error
      return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429 ? { status: 'none' } : { status: 'unreachable', reason: error.message }
    }
  }

  private async counted(page: PageRequest): Promise<Buffer> {
    try {
      const body = await this.attempts(page)
      this.metrics?.pagesFetched.inc({ kind: page.kind, outcome: 'ok' })
      return body
    } catch (error) {
      if (error instanceof FetchError) this.metrics?.pagesFetched.inc({ kind: page.kind, outcome: error.outcome })
      throw error
    }
  }
}
