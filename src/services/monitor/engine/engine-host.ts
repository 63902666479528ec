import { randomUUID } from 'node:crypto'
import os from 'node:os'
import type { Logger } from 'pino'
import type { Clock } from '../../../kit/clock.ts'
import { heartbeat, removeEngine, removeEnginesBefore } from '../repository/engines.ts'
import type { MonitorDb } from '../repository/tables.ts'
import { allWebsites, websitesChangedSince } from '../repository/websites.ts'
import type { Website } from '../website.ts'
import type { CheckEngine } from './check-engine.ts'
import { ownerOf } from './ownership.ts'
import type { ResultWriter } from './result-writer.ts'

export interface EngineHostOptions {
  db: MonitorDb
  engine: CheckEngine
  writer: ResultWriter
  clock: Clock
  log: Logger
  /** How often to look for websites changed by other processes, and to heartbeat (default 2000). */
  syncMs?: number
  /** How often to re-read every website, which also notices deletions (default 60000). */
  reconcileMs?: number
}

/** An engine silent this long is taken for dead and its websites go to the others. */
const ENGINE_TTL_MS = 15_000
/** Changes are re-read this far back: a transaction may commit after a later one. */
const OVERLAP_MS = 5_000

/**
 * Keeps a CheckEngine's websites in step with the database: the websites this process
 * owns (shared out among live engines by rendezvous hashing), active and current.
 * Changes made through this process's API apply at once; others at the next sync.
 */
export class EngineHost {
  readonly id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  private members: string[] = [this.id]
  private watermark = 0
  private lastReconcile = 0
  private timer: NodeJS.Timeout | undefined
  private syncing: Promise<void> | undefined
  private stopped = false
  private readonly syncMs: number
  private readonly reconcileMs: number

  constructor(private readonly options: EngineHostOptions) {
    this.syncMs = options.syncMs ?? 2000
    this.reconcileMs = options.reconcileMs ?? 60_000
  }

  get engineCount(): number {
    return this.members.length
  }

  async start(): Promise<void> {
    await this.sync()
    this.options.engine.start()
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.syncing
    await this.options.engine.stop()
    await this.options.writer.stop()
    await removeEngine(this.options.db, this.id).catch(() => {})
  }

  /** Applies a change made in this process now, without waiting for the next sync. */
  apply(website: Website): void {
    const { engine } = this.options
    if (!website.paused && ownerOf(website.id, this.members) === this.id) engine.watch(website)
    else engine.unwatch(website.id)
  }

  remove(id: number): void {
    this.options.engine.unwatch(id)
  }

  /** One sync pass: heartbeat, then changed websites (or all of them when due or when the engines changed). */
  sync(): Promise<void> {
    this.syncing ??= this.pass().finally(() => (this.syncing = undefined))
    return this.syncing
  }

  private async pass(): Promise<void> {
    const { db, clock } = this.options
    const now = clock.now()
    const members = await heartbeat(db, this.id, now, now - ENGINE_TTL_MS)
    if (!members.includes(this.id)) members.push(this.id)
    members.sort()
    const changedMembers = members.join() !== this.members.join()
    this.members = members
    if (changedMembers || now - this.lastReconcile >= this.reconcileMs || this.lastReconcile === 0) {
      await removeEnginesBefore(db, now - 10 * ENGINE_TTL_MS)
      await this.reconcile(now)
      return
    }
    for (const website of await websitesChangedSince(db, this.watermark - OVERLAP_MS)) {
      this.apply(website)
      this.watermark = Math.max(this.watermark, website.updatedAt)
    }
  }

  private async reconcile(now: number): Promise<void> {
    const seen = new Set<number>()
    for await (const page of allWebsites(this.options.db)) {
      for (const website of page) {
        seen.add(website.id)
        this.apply(website)
        this.watermark = Math.max(this.watermark, website.updatedAt)
      }
    }
    for (const id of this.options.engine.ids()) if (!seen.has(id)) this.options.engine.unwatch(id)
    this.lastReconcile = now
    this.options.log.debug({ engines: this.members.length, watched: this.options.engine.size }, 'monitor engine reconciled')
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.sync()
        .catch((error: unknown) => this.options.log.warn({ err: error }, 'monitor engine sync failed; retrying'))
        .finally(() => this.schedule())
    }, this.syncMs)
    this.timer.unref()
  }
}
