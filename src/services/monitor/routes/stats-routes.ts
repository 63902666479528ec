import type { Kysely } from 'kysely'
import Type from 'typebox'
import type { Clock } from '../../../kit/clock.ts'
import type { Server } from '../../../kit/http/create-server.ts'
import { LatencyHistogram } from '../latency-histogram.ts'
import { listChecks } from '../repository/checks.ts'
import { listRollups } from '../repository/rollups.ts'
import { listStateChanges } from '../repository/state-changes.ts'
import type { MonitorTables } from '../repository/tables.ts'
import { HOUR_MS } from '../rollup.ts'
import { websiteStats } from '../stats.ts'
import type { WebsiteService } from '../website-service.ts'
import { Check, HourlyPoint, StateChange, Stats, TimeRange, WebsiteId } from './schemas.ts'

export interface StatsDeps {
  db: Kysely<MonitorTables>
  clock: Clock
  websites: WebsiteService
  status: () => Promise<Record<string, unknown>>
}

/** What the checks found: raw checks, stats per window, hourly series, state changes. */
export function statsRoutes(deps: StatsDeps) {
  const { db, websites } = deps
  const tags = ['monitor']
  return async function routes(app: Server): Promise<void> {
    app.get(
      '/api/monitor/websites/:id/checks',
      {
        schema: {
          tags,
          summary: 'A website\u2019s checks, newest first, with the real error kind (up to 10,000, e.g. for a chart)',
          params: WebsiteId,
          querystring: Type.Object({ ...TimeRange, limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }), offset: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }) }),
          response: { 200: Type.Object({ items: Type.Array(Check) }) },
        },
      },
      async (request) => {
        const website = await websites.get(request.params.id)
        return { items: await listChecks(db, website.id, request.query) }
      },
    )

    app.get(
      '/api/monitor/websites/:id/stats',
      { schema: { tags, summary: 'Uptime and latency percentiles over 1 h, 24 h, 7 d and 30 d, and recent state changes', params: WebsiteId, response: { 200: Stats } } },
      async (request) => {
        const website = await websites.get(request.params.id)
        const [windows, stateChanges] = await Promise.all([websiteStats(db, website.id, deps.clock.now()), listStateChanges(db, { websiteId: website.id, limit: 20 })])
        return { websiteId: website.id, state: website.state, stateSince: website.stateSince, windows, stateChanges }
      },
    )

    app.get(
      '/api/monitor/websites/:id/hourly',
      {
        schema: {
          tags,
          summary: 'Hourly roll-ups (default: the last 30 days), for long-range charts',
          params: WebsiteId,
          querystring: Type.Object(TimeRange),
          response: { 200: Type.Object({ items: Type.Array(HourlyPoint) }) },
        },
      },
      async (request) => {
        const website = await websites.get(request.params.id)
        const to = request.query.to ?? deps.clock.now()
        const from = request.query.from ?? to - 30 * 24 * HOUR_MS
        const rollups = await listRollups(db, website.id, from, to)
        return {
          items: rollups.map((r) => {
            const h = new LatencyHistogram()
            h.merge(r.histogram)
            return { hour: r.hour, checks: r.checks, upChecks: r.upChecks, meanMs: r.responses ? Math.round(r.sumMs / r.responses) : null, minMs: r.minMs, maxMs: r.maxMs, p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99) }
          }),
        }
      },
    )

    const ChangesQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }), before: Type.Optional(Type.Integer({ description: 'epoch ms' })) })
    app.get(
      '/api/monitor/websites/:id/state-changes',
      { schema: { tags, summary: 'A website\u2019s state changes, newest first', params: WebsiteId, querystring: ChangesQuery, response: { 200: Type.Object({ items: Type.Array(StateChange) }) } } },
      async (request) => {
        const website = await websites.get(request.params.id)
        return { items: await listStateChanges(db, { websiteId: website.id, ...request.query }) }
      },
    )
    app.get(
      '/api/monitor/state-changes',
      { schema: { tags, summary: 'Every website\u2019s state changes, newest first', querystring: ChangesQuery, response: { 200: Type.Object({ items: Type.Array(StateChange) }) } } },
      async (request) => ({ items: await listStateChanges(db, request.query) }),
    )

    app.get(
      '/api/monitor/status',
      { schema: { tags, summary: 'Websites by state, and this process\u2019s engine figures when it runs one', response: { 200: Type.Record(Type.String(), Type.Unknown()) } } },
      async () => deps.status(),
    )
  }
}
