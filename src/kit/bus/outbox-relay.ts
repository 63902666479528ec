import pino, { type Logger } from 'pino'
import type { Clock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import type { JobQueue } from '../jobs/queue.ts'
import type { JobToEnqueue } from '../jobs/types.ts'
import type { BusTransport } from './types.ts'
import { claimUnrelayed, listSubscriptions, markRelayed, type BusExecutor } from './bus-repository.ts'

export interface OutboxRelayOptions {
  /** How often to look for unrelayed messages when nothing wakes the relay (default 1000). */
  pollIntervalMs?: number
  /** Messages moved per transaction (default 100). */
  batchSize?: number
  /** Attempts of each delivery job (default 10). */
  maxAttempts?: number
  clock?: Clock
  log?: Logger
}

/** The job type delivering messages to a consumer group. */
export function deliveryJobType(group: string): string {
  return `bus:${group}`
}

/**
 * Moves outbox rows into delivery jobs, one per subscribed group, in one transaction
 * with marking them relayed, so a message is handed over exactly once per group (the
 * dedupe key makes a repeat harmless anyway). The jobs then give at-least-once delivery.
 * With a transport, the rows go to the broker instead, and are marked relayed in the
 * same transaction once it has confirmed them.
 */
export class OutboxRelay {
  private readonly clock: Clock
  private readonly log: Logger
  private readonly pollIntervalMs: number
  private readonly batchSize: number
  private readonly maxAttempts: number
  private running = false
  private timer: NodeJS.Timeout | undefined
  private pumping: Promise<void> | undefined
  private again = false
  /** Set by `OutboxBus.useTransport`: messages go to the broker instead of delivery jobs. */
  transport: BusTransport | undefined

  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
    options: OutboxRelayOptions = {},
  ) {
    this.clock = options.clock ?? queue.clock
    this.log = options.log ?? pino({ level: 'silent' })
    this.pollIntervalMs = options.pollIntervalMs ?? 1000
    this.batchSize = options.batchSize ?? 100
    this.maxAttempts = options.maxAttempts ?? 10
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.wake()
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.pumping
  }

  /** Relays now rather than at the next poll (e.g. after a publish commits). */
  wake(): void {
    if (!this.running) return
    if (this.pumping) {
      this.again = true
      return
    }
    clearTimeout(this.timer)
    this.pumping = this.pump()
  }

  /** Relays one batch; returns how many messages it took. */
  async relayOnce(): Promise<number> {
    const now = this.clock.now()
    const { messages, types } = await this.database.db.transaction().execute(async (trx) => {
      const db = trx as BusExecutor
      const rows = await claimUnrelayed(db, this.database.dialect, this.batchSize)
      if (rows.length === 0) return { messages: 0, types: [] }
      const subscriptions = await listSubscriptions(db)
      if (this.transport) {
        await this.transport.publish(rows, subscriptions)
        await markRelayed(db, rows.map((r) => r.id), now)
        return { messages: rows.length, types: [] }
      }
      const jobs: JobToEnqueue[] = rows.flatMap((message) =>
        subscriptions
          .filter((s) => s.topic === message.topic && message.id > s.sinceMessageId)
          .map((s) => ({ type: deliveryJobType(s.group), key: `bus:${s.group}:${message.id}`, payload: message, maxAttempts: this.maxAttempts })),
      )
      await this.queue.enqueueMany(jobs, trx)
      await markRelayed(db, rows.map((r) => r.id), now)
      return { messages: rows.length, types: [...new Set(jobs.map((j) => j.type))] }
    })
    for (const type of types) this.queue.notify(type)
    return messages
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false
        while (this.running && (await this.relayOnce()) === this.batchSize);
      } while (this.again && this.running)
    } catch (err) {
      this.log.error({ err }, 'relaying outbox messages failed')
    } finally {
      this.pumping = undefined
      if (this.running) this.timer = setTimeout(() => this.wake(), this.pollIntervalMs)
    }
  }
}
