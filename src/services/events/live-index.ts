import type { Logger } from 'pino'
import type { Clock } from '../../kit/clock.ts'
import type { Dialect } from '../../kit/db/database.ts'
import { EventColumns } from './event-columns.ts'
import { EventIndex } from './event-index.ts'
import type { EventsMetrics } from './metrics.ts'
import { currentRevision, indexedEventsSince, type EventsDb } from './repository.ts'

const RETRY_MS = 5_000

export interface LiveIndexStatus {
  size: number
  revision: number
  loadedAt: number | null
  lastRefreshAt: number | null
  lastRefreshError: string | null
  lastRefreshMs: number | null
}

/**
 * The search index of this process: loaded whole at start, then brought up to date with
 * the events written since the revision it holds, at once after an ingestion in this
 * process and every `intervalMs` for ingestions that ran elsewhere. Searches read the
 * current index and never wait for a refresh.
 */
export class LiveIndex {
  private index = EventIndex.empty()
  /** The index before the current one: nobody reads it, its memory is reused. */
  private spare: EventIndex | undefined
  private revision = 0
  private built = false
  private loadedAt: number | null = null
  private lastRefreshAt: number | null = null
  private lastRefreshMs: number | null = null
  private lastError: string | null = null
  private timer: NodeJS.Timeout | undefined
  private chain: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(
    private readonly db: EventsDb,
    private readonly options: { dialect: Dialect; intervalMs: number; clock: Clock; log: Logger; metrics: EventsMetrics },
  ) {}

  get current(): EventIndex {
    return this.index
  }

  /** Start-up waits for the whole index, so no search sees a partial one. */
  async load(): Promise<void> {
    await this.refresh()
    if (this.lastError) throw new Error(`events index failed to load: ${this.lastError}`)
    this.loadedAt = this.options.clock.now()
    this.schedule(this.options.intervalMs)
  }

  /** One pass; a failure is recorded and the previous index kept. */
  refresh(): Promise<void> {
    this.chain = this.chain.then(() => this.pass())
    return this.chain
  }

  private async pass(): Promise<void> {
    const started = performance.now()
    try {
      // Read before the rows: rows of a later revision seen now are read again next time.
      const revision = await currentRevision(this.db)
      if (revision !== this.revision || !this.built) {
        const changes = new EventColumns()
        for await (const page of indexedEventsSince(this.db, this.options.dialect, this.built ? this.revision : 0)) {
          for (const e of page) changes.push(e)
        }
        const next = this.built ? this.index.withChanges(changes, this.spare) : EventIndex.build(changes)
        if (next !== this.index) {
          this.spare = this.index
          this.index = next
        }
        this.revision = revision
        this.built = true
      }
      this.lastRefreshAt = this.options.clock.now()
      this.lastRefreshMs = performance.now() - started
      this.lastError = null
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error)
      this.options.metrics.indexRefreshFailures.inc()
      this.options.log.warn({ err: error }, 'events: index refresh failed; searching the previous index')
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      void this.refresh().then(() => this.schedule(this.lastError ? Math.min(RETRY_MS, this.options.intervalMs) : this.options.intervalMs))
    }, delayMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.chain
  }

  status(): LiveIndexStatus {
    return {
      size: this.index.size,
      revision: this.revision,
      loadedAt: this.loadedAt,
      lastRefreshAt: this.lastRefreshAt,
      lastRefreshError: this.lastError,
      lastRefreshMs: this.lastRefreshMs === null ? null : Math.round(this.lastRefreshMs),
    }
  }
}
