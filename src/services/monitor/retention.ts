import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { Logger } from 'pino'
import { deleteChecksBefore, deleteChecksOf } from './repository/checks.ts'
import { deleteRollupsBefore, deleteRollupsOf, getMeta } from './repository/rollups.ts'
import { deleteStateChangesBefore, deleteStateChangesOf } from './repository/state-changes.ts'
import type { MonitorDb } from './repository/tables.ts'
import { allWebsites, findWebsite } from './repository/websites.ts'
import { floorHour, ROLLED_UP_UNTIL } from './rollup.ts'

/** Websites per DELETE: a few thousand rows a statement, so no write holds the database long. */
const GROUP = 5

export interface RetentionOptions {
  now: number
  rawRetentionMs: number
  rollupRetentionMs: number
  log?: Logger
}

/**
 * Deletes raw checks older than their retention (never ones not rolled up yet), and
 * roll-ups and state changes older than theirs.
 */
export async function applyRetention(db: MonitorDb, options: RetentionOptions): Promise<{ checks: number; rollups: number; stateChanges: number }> {
  const watermark = (await getMeta(db, ROLLED_UP_UNTIL)) ?? 0
  const cutoff = Math.min(options.now - options.rawRetentionMs, watermark)
  let checks = 0
  for await (const page of allWebsites(db)) {
    for (let i = 0; i < page.length; i += GROUP) {
      checks += await deleteChecksBefore(
        db,
        page.slice(i, i + GROUP).map((w) => w.id),
        cutoff,
      )
      await yieldToLoop()
    }
  }
  const keepFrom = floorHour(options.now - options.rollupRetentionMs)
  const rollups = await deleteRollupsBefore(db, keepFrom)
  const stateChanges = await deleteStateChangesBefore(db, keepFrom)
  if (checks + rollups + stateChanges > 0) options.log?.info({ checks, rollups, stateChanges }, 'old monitoring data deleted')
  return { checks, rollups, stateChanges }
}

/** Deletes everything a deleted website left behind, in bounded steps; idempotent. */
export async function purgeWebsite(db: MonitorDb, websiteId: number): Promise<number> {
  // The id came back (it cannot with autoincrement ids, but a restore could): keep its data.
  if (await findWebsite(db, websiteId)) return 0
  let total = 0
  for (;;) {
    const n = await deleteChecksOf(db, websiteId, 5000)
    total += n
    if (n === 0) break
    await yieldToLoop()
  }
  await deleteRollupsOf(db, websiteId)
  await deleteStateChangesOf(db, websiteId)
  return total
}
