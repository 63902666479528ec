import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { Logger } from 'pino'
import type { CheckRecord } from '../check.ts'
import type { MonitorMetrics } from '../metrics.ts'
import type { StateChange } from '../state-change.ts'
import type { EngineSink } from './check-engine.ts'

/**
 * State changes per transaction. Each adds three rows (its own, the website's state, its
 * bus event), written as multi-row statements, so a batch of them costs about what a batch
 * of checks does.
 */
const MAX_CHANGES = 500

/** Writes one batch in one transaction: the checks, and any state changes with their events. */
export type PersistBatch = (checks: CheckRecord[], changes: StateChange[]) => Promise<void>

export interface ResultWriterOptions {
  persist: PersistBatch
  log: Logger
  metrics?: MonitorMetrics
  /** How long a result may wait before it is written (default 1000). */
  flushMs?: number
  /** Checks per transaction (default 500): small enough that no write holds the event loop long. */
  maxBatch?: number
  /** While the database is down, at most this many checks wait; older ones are dropped (default 500,000). */
  maxBuffered?: number
}

/**
 * Collects results and writes them in batches: a flush a second rather than several
 * statements per check. A flush is cut into transactions of a few hundred rows with the
 * event loop free between them, because SQLite writes block it and checks must start on
 * time. One write runs at a time; a failed write keeps its rows for the next. State
 * changes are never dropped: they are few, and alerts hang on them.
 */
export class ResultWriter implements EngineSink {
  private checks: CheckRecord[] = []
  private changes: StateChange[] = []
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<boolean> | undefined
  private stopped = false
  private readonly flushMs: number
  private readonly maxBatch: number
  private readonly maxBuffered: number

  constructor(private readonly options: ResultWriterOptions) {
    this.flushMs = options.flushMs ?? 1000
    this.maxBatch = options.maxBatch ?? 500
    this.maxBuffered = options.maxBuffered ?? 500_000
  }

  get pending(): number {
    return this.checks.length
  }

  check(record: CheckRecord): void {
    this.checks.push(record)
    if (this.checks.length > this.maxBuffered) {
      const excess = this.checks.length - this.maxBuffered
      this.checks.splice(0, excess)
      this.options.metrics?.dropped.inc(excess)
    }
    if (this.checks.length >= 10 * this.maxBatch && !this.writing) void this.flush()
    else this.schedule()
  }

  change(change: StateChange): void {
    this.changes.push(change)
    this.schedule()
  }

  /** Writes everything buffered now (after a write already running); stops at a failure. */
  async flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    while (this.writing) await this.writing
    while (this.checks.length + this.changes.length > 0) {
      this.writing = this.write()
      const ok = await this.writing
      this.writing = undefined
      if (!ok) {
        this.schedule()
        return
      }
      await yieldToLoop()
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.flush()
  }

  private schedule(): void {
    if (this.timer || this.stopped) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.flush()
    }, this.flushMs)
  }

  private async write(): Promise<boolean> {
    const checks = this.checks.splice(0, this.maxBatch)
    const changes = this.changes.splice(0, MAX_CHANGES)
    const end = this.options.metrics?.writeDuration.startTimer()
    try {
      await this.options.persist(checks, changes)
      this.options.metrics?.writeRows.observe(checks.length)
      return true
    } catch (error) {
      this.options.metrics?.writeFailures.inc()
      this.options.log.error({ err: error, checks: checks.length, changes: changes.length }, 'writing check results failed; kept for the next batch')
      this.checks = checks.concat(this.checks)
      this.changes = changes.concat(this.changes)
      return false
    } finally {
      end?.()
    }
  }
}
