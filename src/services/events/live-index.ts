import type { Logger } from 'pino'
import type { Clock } from '../../kit/clock.ts'
import type { Dialect } from '../../kit/db/database.ts'
import { RefreshLoop } from '../../kit/refresh-loop.ts'
import { EventColumns } from './event-columns.ts'
import { EventIndex } from './event-index.ts'
import type { EventsMetrics } from './metrics.ts'
import { currentRevision, indexedEventsSince, type EventsDb } from './repository.ts'

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
  private readonly loop: RefreshLoop

  constructor(
    private readonly db: EventsDb,
    private readonly options: { dialect: Dialect; intervalMs: number; clock: Clock; log: Logger; metrics: EventsMetrics },
  ) {
    this.loop = new RefreshLoop({
      pass: () => this.pass(),
      intervalMs: options.intervalMs,
      onError: (error) => {
        options.metrics.indexRefreshFailures.inc()
        options.log.warn({ err: error }, 'events: index refresh failed; searching the previous index')
      },
    })
  }

  get current(): EventIndex {
    return this.index
  }

  /** Start-up waits for the whole index, so no search sees a partial one. */
  async load(): Promise<void> {
    await this.refresh()
    if (this.loop.lastError) throw new Error(`events index failed to load: ${this.loop.lastError}`)
    this.loadedAt = this.options.clock.now()
    this.loop.start()
  }

  /** One pass, after those already asked for; a failure is recorded and the previous index kept. */
  refresh(): Promise<void> {
    return this.loop.run()
  }

  private async pass(): Promise<void> {
    const started = performance.now()
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
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }

  status(): LiveIndexStatus {
    return {
      size: this.index.size,
      revision: this.revision,
      loadedAt: this.loadedAt,
      lastRefreshAt: this.lastRefreshAt,
      lastRefreshError: this.loop.lastError,
      lastRefreshMs: this.lastRefreshMs === null ? null : Math.round(this.lastRefreshMs),
    }
  }
}
