import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { Logger } from 'pino'
import { LatencyHistogram } from './latency-histogram.ts'
import { checkSamples, type CheckSample } from './repository/checks.ts'
import { getMeta, setMeta, upsertRollups, type Rollup } from './repository/rollups.ts'
import type { MonitorDb } from './repository/tables.ts'
import { allWebsites, earliestWebsite } from './repository/websites.ts'

export const HOUR_MS = 3_600_000
export const ROLLED_UP_UNTIL = 'rolled_up_until'
/** Websites read per query: about 7,000 rows an hour at 5 s intervals, a few ms on SQLite. */
const GROUP = 10

export function floorHour(time: number): number {
  return Math.floor(time / HOUR_MS) * HOUR_MS
}

/** Aggregates checks into one roll-up per (website, hour) of their start time. */
export function aggregate(samples: Iterable<CheckSample>): Rollup[] {
  const byKey = new Map<string, { rollup: Rollup; histogram: LatencyHistogram }>()
  for (const s of samples) {
    const hour = floorHour(s.startedAt)
    const key = `${s.websiteId}:${hour}`
    let entry = byKey.get(key)
    if (!entry) {
      entry = { rollup: { websiteId: s.websiteId, hour, checks: 0, upChecks: 0, responses: 0, sumMs: 0, minMs: null, maxMs: null, histogram: '' }, histogram: new LatencyHistogram() }
      byKey.set(key, entry)
    }
    const r = entry.rollup
    r.checks += 1
    if (s.up) r.upChecks += 1
    if (s.status !== null) {
      r.responses += 1
      r.sumMs += s.durationMs
      r.minMs = r.minMs === null ? s.durationMs : Math.min(r.minMs, s.durationMs)
      r.maxMs = r.maxMs === null ? s.durationMs : Math.max(r.maxMs, s.durationMs)
      entry.histogram.add(s.durationMs)
    }
  }
  return [...byKey.values()].map(({ rollup, histogram }) => ({ ...rollup, histogram: histogram.encode() }))
}

export interface RollupOptions {
  now: number
  /** Checks may finish (and be written) this long after their hour ends. */
  graceMs: number
  /** Where a first pass starts: no older than the raw checks kept. */
  rawRetentionMs: number
  /** Hours rolled up per pass at most; the next pass goes on. */
  maxHours?: number
  log?: Logger
}

/**
 * Rolls up every closed hour since the last pass, from the raw checks, and moves the
 * watermark that stats read roll-ups below and raw checks above. Idempotent: an hour
 * rolled up twice gives the same rows.
 */
export async function rollUp(db: MonitorDb, options: RollupOptions): Promise<{ hours: number; rollups: number }> {
  const closedUntil = floorHour(options.now - options.graceMs)
  let from = await getMeta(db, ROLLED_UP_UNTIL)
  if (from === undefined) {
    const first = await earliestWebsite(db)
    from = Math.max(floorHour(first ?? closedUntil), floorHour(options.now - options.rawRetentionMs))
  }
  let hours = 0
  let rollups = 0
  for (let hour = floorHour(from); hour < closedUntil && hours < (options.maxHours ?? 48); hour += HOUR_MS, hours++) {
    for await (const page of allWebsites(db)) {
      for (let i = 0; i < page.length; i += GROUP) {
        const rows = aggregate(await checkSamples(db, page.slice(i, i + GROUP).map((w) => w.id), hour, hour + HOUR_MS))
        if (rows.length > 0) await upsertRollups(db, rows)
        rollups += rows.length
        // Between groups, so a pass never holds the event loop the checks run on.
        await yieldToLoop()
      }
    }
    await setMeta(db, ROLLED_UP_UNTIL, hour + HOUR_MS)
  }
  if (hours > 0) options.log?.info({ hours, rollups, until: new Date(from + hours * HOUR_MS).toISOString() }, 'checks rolled up')
  return { hours, rollups }
}
