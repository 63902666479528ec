import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../../kit/clock.ts'
import type { JobDefinition } from '../../kit/jobs/types.ts'
import { purgeTombstones, type CtrTables } from './repository.ts'

export const PURGE_TOMBSTONES_JOB = 'ctr.purge-tombstones'
export const PURGE_EVERY_MS = 60 * 60_000
const DAY_MS = 24 * 60 * 60_000

/**
 * How long a deleted estimate's tombstone is kept: long enough for every serving process
 * to see it at an incremental refresh, even one that missed a few. A snapshot that has
 * not refreshed for this long reloads in full instead (see Snapshot), so a purged
 * tombstone is never missed.
 */
export function tombstoneRetentionMs(refreshSeconds: number): number {
  return Math.max(DAY_MS, 10 * refreshSeconds * 1000)
}

/** Drops expired tombstones; scheduled, idempotent, with no payload to trust. */
export function purgeTombstonesJob(deps: { db: Kysely<CtrTables>; clock: Clock; retentionMs: number; log: Logger }): JobDefinition<unknown> {
  return {
    handler: async () => {
      const purged = await purgeTombstones(deps.db, deps.clock.now() - deps.retentionMs)
      if (purged > 0) deps.log.info({ purged }, 'ctr purged expired tombstones')
      return { purged }
    },
  }
}
