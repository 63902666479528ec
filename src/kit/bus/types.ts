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
  /** Many messages on one topic as one multi-row write, in the caller's transaction (or its own), in order. */
  publishMany(topic: string, payloads: readonly unknown[], trx?: Kysely<any> | Transaction<any>): Promise<void>
}

/** One consumer group's share of this process: its topics and how it handles a message. */
export interface ConsumerGroup {
  group: string
  topics: string[]
  /** Messages handled at once in this process. */
  concurrency: number
  /** Rejects when the group's handler failed: the message is to be delivered again. */
  deliver(message: BusMessage): Promise<void>
}

/**
 * Carries outbox messages between processes (RabbitMQ in the distributed mode) instead
 * of delivery jobs. The outbox stays the record: a row is marked relayed only after
 * `publish` resolved, so a broker that loses a message before confirming it costs a
 * repeat, and consumers are at-least-once per group (the message id tells repeats).
 */
export interface BusTransport {
  /** Resolves once the broker has taken every message (publisher confirms). */
  publish(messages: BusMessage[], subscriptions: Array<{ topic: string; group: string }>): Promise<void>
  /**
   * Starts consuming for the groups; `wakeRelay` is called when another process
   * published. Returns the function that stops it all.
   */
  start(groups: ConsumerGroup[], wakeRelay: () => void): () => Promise<void>
  /** Best effort: tells relays in other processes that a message was published. */
  published(): void
}
