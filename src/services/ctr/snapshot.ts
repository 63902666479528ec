import type { Logger } from 'pino'
import type { Clock } from '../../kit/clock.ts'
import { RefreshLoop } from '../../kit/refresh-loop.ts'
import type { Estimate } from './estimate.ts'
import { EstimateTable } from './estimate-table.ts'
import type { CtrMetrics } from './metrics.ts'
import { changedSince, type CtrDb } from './repository.ts'

/**
 * How far back each incremental refresh looks before the newest `updated_at` it saw: a
 * transaction that stamped its rows earlier but committed later is still picked up.
 * Re-applying a row is harmless.
 */
const OVERLAP_MS = 10_000

export interface SnapshotStatus {
  size: number
  bytes: number
  loadedAt: number | null
  lastRefreshAt: number | null
  stalenessSeconds: number | null
  refreshIntervalSeconds: number
  lastRefreshError: string | null
}

/** The whole table in memory, so that no lookup touches the database. */
export class Snapshot {
  private table = new EstimateTable()
  private watermark = 0
  private loadedAt: number | null = null
  private lastRefreshAt: number | null = null
  private readonly loop: RefreshLoop

  constructor(
    private readonly db: CtrDb,
    private readonly options: {
      intervalMs: number
      clock: Clock
      log: Logger
      metrics: CtrMetrics
      /** How long tombstones are kept (see tombstones.ts); decides when a snapshot is too stale to catch up. */
      tombstoneRetentionMs: number
    },
  ) {
    this.loop = new RefreshLoop({
      pass: () => this.pass(),
      intervalMs: options.intervalMs,
      onError: (error) => {
        options.metrics.refreshFailures.inc()
        options.log.warn({ err: error }, 'ctr snapshot refresh failed; serving the previous snapshot')
      },
    })
  }

  get(adId: number): number {
    return this.table.get(adId)
  }

  get size(): number {
    return this.table.size
  }

  /** Applies writes made through this process's API at once, before the next refresh. */
  apply(estimates: readonly Estimate[]): void {
    for (const e of estimates) this.table.set(e.adId, e.estimatedCvr)
    this.options.metrics.snapshotSize.set(this.table.size)
  }

  /** Loads everything; start-up waits for it so no request sees a half-loaded table. */
  async load(): Promise<void> {
    await this.refresh()
    if (this.loop.lastError) throw new Error(`ctr snapshot failed to load: ${this.loop.lastError}`)
    this.loadedAt = this.options.clock.now()
    this.loop.start()
  }

  /**
   * One pass, after those already asked for (a caller's pass starts after its write
   * committed): incremental, or a full reload when this snapshot was never loaded or its
   * last successful refresh is so old that tombstones it has not seen may have been
   * purged. Failures are recorded and the old snapshot kept.
   */
  refresh(): Promise<void> {
    return this.loop.run()
  }

  private async pass(): Promise<void> {
    const { clock, metrics, log } = this.options
    const started = clock.now()
    const end = metrics.refreshDuration.startTimer()
    try {
      const full = this.needsFullReload(started)
      if (full && this.lastRefreshAt !== null) log.info({ lastRefreshAt: this.lastRefreshAt }, 'ctr snapshot too stale to catch up (tombstones it missed may be purged); reloading it in full')
      // A full reload fills a new table and swaps it in: ids deleted meanwhile must not survive it.
      const table = full ? new EstimateTable(this.table.size) : this.table
      let newest = full ? 0 : this.watermark
      // Tombstones come along on a full reload too: they remove nothing unless a row read
      // in an earlier page was deleted while the reload went on.
      for await (const page of changedSince(this.db, full ? 0 : this.watermark - OVERLAP_MS)) {
        for (const c of page.changes) {
          if (c.estimatedCvr === null) table.delete(c.adId)
          else table.set(c.adId, c.estimatedCvr)
        }
        newest = Math.max(newest, page.maxStamp)
      }
      this.table = table
      this.watermark = newest
      this.lastRefreshAt = started
      metrics.snapshotSize.set(this.table.size)
    } finally {
      end()
    }
  }

  /**
   * A tombstone this snapshot has not seen was stamped after its last successful pass
   * began, so it is purged no earlier than that plus the retention. Reloading in full from
   * half the retention on leaves the other half as margin for late commits and clock skew.
   */
  private needsFullReload(now: number): boolean {
    return this.lastRefreshAt === null || now - this.lastRefreshAt >= this.options.tombstoneRetentionMs / 2
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  stalenessSeconds(): number | null {
    return this.lastRefreshAt === null ? null : (this.options.clock.now() - this.lastRefreshAt) / 1000
  }

  status(): SnapshotStatus {
    return {
      size: this.table.size,
      bytes: this.table.bytes,
      loadedAt: this.loadedAt,
      lastRefreshAt: this.lastRefreshAt,
      stalenessSeconds: this.stalenessSeconds(),
      refreshIntervalSeconds: this.options.intervalMs / 1000,
      lastRefreshError: this.loop.lastError,
    }
  }
}
