import { exactPercentile, LatencyHistogram } from './latency-histogram.ts'
import { checkSamples, countChecksSince } from './repository/checks.ts'
import { getMeta, listRollups, sumRollups } from './repository/rollups.ts'
import type { MonitorDb } from './repository/tables.ts'
import { floorHour, ROLLED_UP_UNTIL } from './rollup.ts'

export const WINDOWS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const
export type WindowName = keyof typeof WINDOWS

export interface WindowStats {
  window: WindowName
  checks: number
  upChecks: number
  /** Share of checks that were up, 0..1; null without checks. */
  uptime: number | null
  /** Over checks that got a response; estimated within 5% when the window reaches roll-ups. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; mean: number | null }
}

/**
 * A website's figures per window: hourly roll-ups below the roll-up watermark, raw
 * checks above it. A window that reaches roll-ups starts at the hour its start falls in.
 */
export async function websiteStats(db: MonitorDb, websiteId: number, now: number): Promise<WindowStats[]> {
  const watermark = (await getMeta(db, ROLLED_UP_UNTIL)) ?? 0
  const longest = now - WINDOWS['30d']
  const rawFrom = Math.max(watermark, longest)
  const raw = await checkSamples(db, [websiteId], rawFrom, now + 1)
  const rollups = watermark > longest ? await listRollups(db, websiteId, floorHour(longest), watermark) : []
  return (Object.keys(WINDOWS) as WindowName[]).map((window) => {
    const start = now - WINDOWS[window]
    let checks = 0
    let upChecks = 0
    let sumMs = 0
    const histogram = new LatencyHistogram()
    const exact: number[] = []
    let usedRollups = false
    for (const r of rollups) {
      if (r.hour < floorHour(start) || start >= watermark) continue
      usedRollups = true
      checks += r.checks
      upChecks += r.upChecks
      sumMs += r.sumMs
      histogram.merge(r.histogram)
    }
    for (const s of raw) {
      if (s.startedAt < start) continue
      checks += 1
      if (s.up) upChecks += 1
      if (s.status !== null) {
        sumMs += s.durationMs
        histogram.add(s.durationMs)
        exact.push(s.durationMs)
      }
    }
    exact.sort((a, b) => a - b)
    const pick = (p: number) => (usedRollups ? histogram.percentile(p) : exactPercentile(exact, p))
    const responses = histogram.total
    return {
      window,
      checks,
      upChecks,
      uptime: checks === 0 ? null : upChecks / checks,
      latencyMs: { p50: pick(50), p95: pick(95), p99: pick(99), mean: responses === 0 ? null : Math.round(sumMs / responses) },
    }
  })
}

/** Uptime over the last 24 h for a page of websites (the list's column). */
export async function uptime24h(db: MonitorDb, websiteIds: readonly number[], now: number): Promise<Map<number, number | null>> {
  const watermark = (await getMeta(db, ROLLED_UP_UNTIL)) ?? 0
  const start = now - WINDOWS['24h']
  const rolled = watermark > start ? await sumRollups(db, websiteIds, floorHour(start), watermark) : new Map<number, { checks: number; up: number }>()
  const raw = await countChecksSince(db, websiteIds, Math.max(start, watermark))
  const out = new Map<number, number | null>()
  for (const id of websiteIds) {
    const a = rolled.get(id) ?? { checks: 0, up: 0 }
    const b = raw.get(id) ?? { checks: 0, up: 0 }
    const checks = a.checks + b.checks
    out.set(id, checks === 0 ? null : (a.up + b.up) / checks)
  }
  return out
}
