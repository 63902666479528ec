import type { Kysely, Transaction } from 'kysely'

export interface BusMessage<T = unknown> {
  id: number
  topic: string
  payload: T
  publishedAt: number
}

/** At least once per consumer group: handlers must be idempotent. */
export type BusHandler<T = any> = (message: BusMessage<T>) => Promise<void>

export interface Subscription<T = any> {
  topic: string
  group: string
  handler: BusHandler<T>
  /** Messages handled at once for this group in one process (default 1). */
  concurrency?: number
}

export interface Bus {
  /** Writes an outbox row in the caller's transaction (or its own); delivered after commit. */
  publish(topic: string, payload: unknown, trx?: Kysely<any> | Transaction<any>): Promise<number>
}
