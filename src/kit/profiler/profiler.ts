import { AsyncLocalStorage } from 'node:async_hooks'
import type { LogEvent } from 'kysely'

export interface ProfiledQuery {
  sql: string
  durationMs: number
  failed: boolean
}

/** One request as the profiler keeps it; `queries` holds the first few, the counts all. */
export interface RequestProfile {
  id: number
  requestId: string
  method: string
  /** The path without its query string, which may carry secrets. */
  path: string
  /** The route template (`/api/ctr/estimates/:adId`), or `unmatched`. */
  route: string
  status: number
  startedAt: number
  durationMs: number
  queryCount: number
  queryMs: number
  queries: ProfiledQuery[]
  /** Queries run but not kept, past the per-request bound. */
  queriesDropped: number
}

export type RequestSummary = Omit<RequestProfile, 'queries'>

export interface RouteSummary {
  method: string
  route: string
  count: number
  avgMs: number
  maxMs: number
  avgQueries: number
  errors: number
}

export interface ProfilerLimits {
  /** Requests kept; the oldest goes when a new one comes. */
  capacity: number
  queriesPerRequest: number
  sqlChars: number
}

export const DEFAULT_LIMITS: ProfilerLimits = { capacity: 500, queriesPerRequest: 50, sqlChars: 1_000 }

/**
 * Per-request capture: the HTTP hooks open a profile and run the request inside it
 * (AsyncLocalStorage), the database's query listener adds each query to the profile of
 * whichever request is running it. Finished profiles go into a ring buffer, so memory
 * stays bounded whatever the traffic.
 */
export class Profiler {
  private readonly storage = new AsyncLocalStorage<RequestProfile>()
  private readonly ring: Array<RequestProfile | undefined>
  private next = 0
  private sequence = 0

  constructor(
    readonly limits: ProfilerLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.ring = new Array<RequestProfile | undefined>(limits.capacity)
  }

  begin(requestId: string, method: string, url: string): RequestProfile {
    const query = url.indexOf('?')
    const path = (query === -1 ? url : url.slice(0, query)).slice(0, 300)
    return { id: 0, requestId, method, path, route: 'unmatched', status: 0, startedAt: 0, durationMs: 0, queryCount: 0, queryMs: 0, queries: [], queriesDropped: 0 }
  }

  /** Runs `fn` (and everything it starts) as part of `profile`. */
  run<T>(profile: RequestProfile, fn: () => T): T {
    return this.storage.run(profile, fn)
  }

  /** The database's query listener: must never throw, it runs inside every query. */
  recordQuery(event: LogEvent): void {
    const profile = this.storage.getStore()
    if (!profile) return
    const durationMs = event.queryDurationMillis
    profile.queryCount += 1
    profile.queryMs += durationMs
    if (profile.queries.length >= this.limits.queriesPerRequest) {
      profile.queriesDropped += 1
      return
    }
    const text = event.query.sql
    const sql = text.length > this.limits.sqlChars ? `${text.slice(0, this.limits.sqlChars)}…` : text
    profile.queries.push({ sql, durationMs, failed: event.level === 'error' })
  }

  finish(profile: RequestProfile, route: string, status: number, durationMs: number): void {
    profile.id = ++this.sequence
    profile.route = route
    profile.status = status
    profile.durationMs = durationMs
    // The request began before its profile did (parsing, auth): date it from its duration.
    profile.startedAt = this.now() - durationMs
    this.ring[this.next] = profile
    this.next = (this.next + 1) % this.limits.capacity
  }

  /** Newest first. */
  recent(): RequestProfile[] {
    const out: RequestProfile[] = []
    for (let i = 1; i <= this.limits.capacity; i++) {
      const profile = this.ring[(this.next - i + this.limits.capacity) % this.limits.capacity]
      if (profile) out.push(profile)
    }
    return out
  }

  get(id: number): RequestProfile | undefined {
    return this.ring.find((profile) => profile?.id === id)
  }

  /** Per route template, the slowest on average first. */
  slowestRoutes(): RouteSummary[] {
    const byRoute = new Map<string, RouteSummary & { totalMs: number; totalQueries: number }>()
    for (const p of this.recent()) {
      const key = `${p.method} ${p.route}`
      const entry = byRoute.get(key) ?? { method: p.method, route: p.route, count: 0, avgMs: 0, maxMs: 0, avgQueries: 0, errors: 0, totalMs: 0, totalQueries: 0 }
      entry.count += 1
      entry.totalMs += p.durationMs
      entry.totalQueries += p.queryCount
      entry.maxMs = Math.max(entry.maxMs, p.durationMs)
      if (p.status >= 500) entry.errors += 1
      byRoute.set(key, entry)
    }
    return [...byRoute.values()]
      .map(({ totalMs, totalQueries, ...entry }) => ({ ...entry, avgMs: totalMs / entry.count, avgQueries: totalQueries / entry.count }))
      .sort((a, b) => b.avgMs - a.avgMs)
  }

  clear(): void {
    this.ring.fill(undefined)
    this.next = 0
  }
}

export function summarize({ queries: _queries, ...summary }: RequestProfile): RequestSummary {
  return summary
}
