import type { Logger } from 'pino'
import type { HotelData } from '../hotel-data.ts'
import { originalTask, type HotelFailure, type ProgressSummary } from './progress.ts'
import type { Scrapes } from './scrapes.ts'
import { parseCommand } from './ws-protocol.ts'

/** The side of a websocket the hub writes to. */
export interface Peer {
  send(text: string): void
  close(code: number, reason: string): void
  readonly bufferedAmount: number
}

export interface HubLimits {
  /** How often progress is read from the database and pushed (ms). */
  intervalMs: number
  /** Searches one connection may follow at once. */
  maxSubscriptions: number
  /** Messages one connection may send a minute; past it the connection is closed (1008). */
  maxMessagesPerMinute: number
  maxConnections: number
}

interface Subscription {
  /** Hotels finished at or after this (ms) may not have been sent yet. */
  cursor: number
  sent: Set<number>
  lastKey: string
}

interface Connection {
  peer: Peer
  openedAt: number
  /** Original-mode connections (never subscribed) get every search's progress in the original's shape. */
  subscribed: Map<number, Subscription> | undefined
  originalKeys: Map<number, string>
  window: { start: number; count: number }
}

// Writes from two processes may commit out of finished_at order: re-read a little behind the cursor.
const CURSOR_SLACK_MS = 2000
const SLOW_PEER_BYTES = 4 * 1024 * 1024
const finalStatus = (s: ProgressSummary) => s.status === 'succeeded' || s.status === 'failed' || s.status === 'cancelled'
const keyOf = (s: ProgressSummary) => JSON.stringify([s.status, s.progress, s.subJobs, s.error])

/**
 * Pushes search progress to websocket clients. One timer for all connections reads each
 * watched search once per tick from the database (so progress made by workers in other
 * processes shows too) and sends only what changed.
 */
export class ProgressHub {
  private readonly connections = new Set<Connection>()
  private timer: NodeJS.Timeout | undefined
  private ticking = false

  constructor(
    private readonly scrapes: Scrapes,
    private readonly limits: HubLimits,
    private readonly log: Logger,
  ) {}

  /** Registers a peer; returns what to call with each message it sends, and when it closes. */
  connect(peer: Peer): { receive(text: string): void; closed(): void } | undefined {
    if (this.connections.size >= this.limits.maxConnections) {
      peer.close(1013, 'too many connections; try again later')
      return undefined
    }
    const connection: Connection = { peer, openedAt: Date.now(), subscribed: undefined, originalKeys: new Map(), window: { start: Date.now(), count: 0 } }
    this.connections.add(connection)
    this.timer ??= setInterval(() => void this.tick(), this.limits.intervalMs).unref()
    return {
      receive: (text) => this.receive(connection, text),
      closed: () => {
        this.connections.delete(connection)
        if (this.connections.size === 0) this.stop()
      },
    }
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  private receive(connection: Connection, text: string): void {
    const now = Date.now()
    if (now - connection.window.start >= 60_000) connection.window = { start: now, count: 0 }
    if (++connection.window.count > this.limits.maxMessagesPerMinute) {
      connection.peer.close(1008, `more than ${this.limits.maxMessagesPerMinute} messages a minute`)
      return
    }
    const command = parseCommand(text)
    if ('error' in command) return this.send(connection, { type: 'error', message: command.error })
    connection.subscribed ??= new Map()
    if ('unsubscribe' in command) {
      connection.subscribed.delete(command.unsubscribe)
      return
    }
    const id = command.subscribe
    if (!connection.subscribed.has(id) && connection.subscribed.size >= this.limits.maxSubscriptions) {
      return this.send(connection, { type: 'error', message: `at most ${this.limits.maxSubscriptions} searches can be followed at once; unsubscribe from one first` })
    }
    const subscription: Subscription = { cursor: 0, sent: new Set(), lastKey: '' }
    connection.subscribed.set(id, subscription)
    void this.push(connection, id, subscription).catch((err: unknown) => this.log.warn({ err }, 'could not push search progress'))
  }

  private async tick(): Promise<void> {
    if (this.ticking) return
    this.ticking = true
    try {
      const ids = new Set<number>()
      const originals = [...this.connections].filter((c) => c.subscribed === undefined)
      for (const c of this.connections) for (const id of c.subscribed?.keys() ?? []) ids.add(id)
      if (originals.length > 0) for (const id of await this.scrapes.activeIds(Math.min(...originals.map((c) => c.openedAt)))) ids.add(id)
      const summaries = new Map<number, ProgressSummary | undefined>()
      for (const id of ids) summaries.set(id, await this.scrapes.summary(id))
      for (const connection of this.connections) {
        if (connection.peer.bufferedAmount > SLOW_PEER_BYTES) continue
        if (connection.subscribed) {
          for (const [id, subscription] of connection.subscribed) {
            const summary = summaries.get(id)
            if (!summary || keyOf(summary) !== subscription.lastKey) await this.push(connection, id, subscription, summary)
          }
        } else {
          await this.pushOriginal(connection, summaries)
        }
      }
    } catch (err) {
      this.log.warn({ err }, 'could not read search progress')
    } finally {
      this.ticking = false
    }
  }

  /** `{"type": "progress", "job", "results", "failures"}` with the hotels finished since the last message. */
  private async push(connection: Connection, id: number, subscription: Subscription, known?: ProgressSummary): Promise<void> {
    const summary = known ?? (await this.scrapes.summary(id))
    if (!summary) {
      connection.subscribed?.delete(id)
      return this.send(connection, { type: 'error', message: `no hotels search job ${id}` })
    }
    const done = finalStatus(summary)
    // The last message re-reads everything, so nothing finished out of order is missed.
    const delta = await this.scrapes.finishedSince(id, done ? 0 : subscription.cursor)
    subscription.cursor = Math.max(0, delta.latest - CURSOR_SLACK_MS)
    const fresh = <T extends { id: number }>(list: T[]): T[] => list.filter((h) => !subscription.sent.has(h.id) && subscription.sent.add(h.id))
    const message: { type: 'progress'; job: ProgressSummary; results: HotelData[]; failures: HotelFailure[] } = { type: 'progress', job: summary, results: fresh(delta.results), failures: fresh(delta.failures) }
    subscription.lastKey = keyOf(summary)
    if (done) connection.subscribed?.delete(id)
    this.send(connection, message)
  }

  /** The original's `{"tasks": {id: …}}`, for the searches that changed; results once one is complete. */
  private async pushOriginal(connection: Connection, summaries: Map<number, ProgressSummary | undefined>): Promise<void> {
    const tasks: Record<string, unknown> = {}
    for (const [id, summary] of summaries) {
      if (!summary || (summary.finishedAt !== null && summary.finishedAt < connection.openedAt)) continue
      const key = keyOf(summary)
      if (connection.originalKeys.get(id) === key) continue
      connection.originalKeys.set(id, key)
      const results = finalStatus(summary) ? (await this.scrapes.finishedSince(id, 0)).results : undefined
      tasks[String(id)] = originalTask(summary, results)
    }
    if (Object.keys(tasks).length > 0) this.send(connection, { tasks })
  }

  private send(connection: Connection, message: unknown): void {
    try {
      connection.peer.send(JSON.stringify(message))
    } catch (err) {
      this.log.debug({ err }, 'a websocket send failed')
    }
  }
}
