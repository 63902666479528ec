import pino, { type Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { Clock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import type { JobQueue } from '../jobs/queue.ts'
import type { JobDefinition } from '../jobs/types.ts'
import { busMetrics, type BusMetrics } from './bus-metrics.ts'
import { findSubscriptionStart, insertMessage, insertMessages, insertSubscription, purgeRelayed, type BusExecutor } from './bus-repository.ts'
import { deliveryJobType, OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts'
import type { Bus, BusMessage, BusTransport, ConsumerGroup, Subscription } from './types.ts'

export interface OutboxBusOptions extends OutboxRelayOptions {
  /** Default: the queue's registry. */
  registry?: Registry
}

const groupName = /^[A-Za-z0-9][\w.-]*$/

/**
 * Publish/subscribe over the outbox table and the jobs: a published message is a row
 * written in the publisher's transaction; the relay turns it into one `bus:<group>` job
 * per subscribed group; the worker pool runs those with `jobDefinitions()`.
 */
export class OutboxBus implements Bus {
  readonly relay: OutboxRelay
  private readonly clock: Clock
  private readonly log: Logger
  private readonly metrics: BusMetrics | undefined
  private readonly maxAttempts: number
  private readonly groups = new Map<string, Map<string, Subscription>>()
  private transport: BusTransport | undefined
  /** Per group and topic, the newest message id when the group first subscribed. */
  private readonly since = new Map<string, number>()
  private stopConsuming: (() => Promise<void>) | undefined

  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
    options: OutboxBusOptions = {},
  ) {
    this.clock = options.clock ?? queue.clock
    this.log = options.log ?? pino({ level: 'silent' })
    const registry = options.registry ?? queue.registry
    this.metrics = registry ? busMetrics(registry) : undefined
    this.maxAttempts = options.maxAttempts ?? 10
    this.relay = new OutboxRelay(database, queue, { ...options, maxAttempts: this.maxAttempts, clock: this.clock, log: this.log })
  }

  /**
   * Writes the message in `trx` when given: it exists only if that commits, and the relay
   * finds it at its next poll unless the caller calls `notify()` after the commit.
   */
  async publish(topic: string, payload: unknown, trx?: Parameters<Bus['publish']>[2]): Promise<number> {
    if (!topic) throw new TypeError('a message needs a topic')
    const id = await insertMessage((trx ?? this.database.db) as BusExecutor, topic, payload, this.clock.now())
    this.metrics?.published.inc({ topic })
    if (!trx) this.notify()
    return id
  }

  async publishMany(topic: string, payloads: readonly unknown[], trx?: Parameters<Bus['publishMany']>[2]): Promise<void> {
    if (!topic) throw new TypeError('a message needs a topic')
    if (payloads.length === 0) return
    await insertMessages((trx ?? this.database.db) as BusExecutor, topic, payloads, this.clock.now())
    this.metrics?.published.inc({ topic }, payloads.length)
    if (!trx) this.notify()
  }

  /** Wakes the relay (in any process, with a transport), e.g. after committing a transaction that published. */
  notify(): void {
    this.relay.wake()
    this.transport?.published()
  }

  /**
   * Messages travel through the transport from now on: the relay publishes them to it,
   * and `startRelay` consumes each group's messages from it rather than from delivery
   * jobs (those already enqueued still run through `jobDefinitions()`).
   */
  useTransport(transport: BusTransport): void {
    this.transport = transport
    this.relay.transport = transport
  }

  /**
   * Registers the group's handler for the topic in this process, and records the pair in
   * the database so a relay in any process delivers to the group. Only messages published
   * after the group first subscribed to the topic reach it.
   */
  async subscribe(subscription: Subscription): Promise<void> {
    const { topic, group } = subscription
    if (!topic) throw new TypeError('a subscription needs a topic')
    if (!groupName.test(group)) throw new TypeError(`consumer group must be letters, digits, '.', '_' or '-': ${group}`)
    const topics = this.groups.get(group) ?? new Map<string, Subscription>()
    if (topics.has(topic)) throw new Error(`group ${group} already subscribes to ${topic}`)
    await insertSubscription(this.database.db as BusExecutor, topic, group, this.clock.now())
    this.since.set(`${group}\n${topic}`, (await findSubscriptionStart(this.database.db as BusExecutor, topic, group)) ?? 0)
    topics.set(topic, subscription)
    this.groups.set(group, topics)
  }

  /** The delivery job handlers, `bus:<group>`, for the worker pool. */
  jobDefinitions(): Record<string, JobDefinition> {
    const definitions: Record<string, JobDefinition> = {}
    for (const [group, topics] of this.groups) {
      definitions[deliveryJobType(group)] = {
        concurrency: Math.max(...[...topics.values()].map((s) => s.concurrency ?? 1)),
        maxAttempts: this.maxAttempts,
        handler: (message: BusMessage) => this.deliver(group, topics, message),
      }
    }
    return definitions
  }

  /** Starts relaying, and with a transport, consuming this process's groups. */
  startRelay(): void {
    this.relay.start()
    if (this.transport && !this.stopConsuming) this.stopConsuming = this.transport.start(this.consumerGroups(), () => this.relay.wake())
  }

  async stopRelay(): Promise<void> {
    const stopConsuming = this.stopConsuming
    this.stopConsuming = undefined
    await Promise.all([this.relay.stop(), stopConsuming?.()])
  }

  private consumerGroups(): ConsumerGroup[] {
    return [...this.groups].map(([group, topics]) => ({
      group,
      topics: [...topics.keys()],
      concurrency: Math.max(...[...topics.values()].map((s) => s.concurrency ?? 1)),
      deliver: async (message: BusMessage) => {
        // The relay does not know the groups' start: a message from before the group subscribed is dropped here.
        if (message.id <= (this.since.get(`${group}\n${message.topic}`) ?? 0)) return
        await this.deliver(group, topics, message)
      },
    }))
  }

  /** Deletes relayed outbox rows older than `olderThanMs`; returns how many. */
  purgeRelayed(olderThanMs: number): Promise<number> {
    return purgeRelayed(this.database.db as BusExecutor, this.clock.now() - olderThanMs)
  }

  private async deliver(group: string, topics: Map<string, Subscription>, message: BusMessage): Promise<void> {
    if (typeof message?.topic !== 'string' || typeof message.id !== 'number') throw new TypeError(`not a bus message: ${JSON.stringify(message)}`)
    const subscription = topics.get(message.topic)
    if (!subscription) {
      // The group subscribed to this topic once, but no longer does in this code.
      this.log.warn({ group, topic: message.topic, messageId: message.id }, 'no handler for a delivered message; dropped')
      return
    }
    try {
      await subscription.handler(message)
      this.metrics?.delivered.inc({ topic: message.topic, group, outcome: 'success' })
    } catch (err) {
      this.metrics?.delivered.inc({ topic: message.topic, group, outcome: 'error' })
      throw err
    }
  }
}
