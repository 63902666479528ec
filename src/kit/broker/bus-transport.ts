import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from 'pino'
import { ConsumerStatus, type AsyncMessage, type Connection, type Consumer, type Publisher } from 'rabbitmq-client'
import type { BusMessage, BusTransport, ConsumerGroup } from '../bus/types.ts'
import type { BrokerJobSignals } from './job-signals.ts'
import { outboxSignalKey, type BrokerNames } from './names.ts'

export interface BrokerBusOptions {
  /** Deliveries of a message a group keeps rejecting before it is dead-lettered (default 10, at least 2). */
  maxDeliveries: number
  /** Wait before handing a failed message back, doubled per delivery (default 100), up to `retryMaxMs` (default 2000). */
  retryBaseMs?: number
  retryMaxMs?: number
  /** How long the relay waits for the broker to confirm a batch (default 10000). */
  confirmTimeoutMs?: number
}

/**
 * The outbox relayed to a topic exchange, one durable quorum queue per consumer group
 * bound by topic. Quorum queues count deliveries themselves (`x-delivery-limit`): a
 * message a group keeps rejecting goes to the group's dead-letter queue instead of
 * looping, and the others keep flowing.
 */
export class BrokerBusTransport implements BusTransport {
  private readonly declared = new Set<string>()
  private readonly options: Required<BrokerBusOptions>

  constructor(
    private readonly connection: Connection,
    private readonly publisher: Publisher,
    private readonly signals: BrokerJobSignals,
    private readonly names: BrokerNames,
    private readonly log: Logger,
    options: BrokerBusOptions,
  ) {
    this.options = {
      maxDeliveries: options.maxDeliveries,
      retryBaseMs: options.retryBaseMs ?? 100,
      retryMaxMs: options.retryMaxMs ?? 2000,
      confirmTimeoutMs: options.confirmTimeoutMs ?? 10_000,
    }
    if (!(this.options.maxDeliveries >= 2)) throw new RangeError(`maxDeliveries must be at least 2, got ${this.options.maxDeliveries}`)
    // A broker that restarted empty (a new node, a lost volume) needs its queues again.
    connection.on('connection', () => this.declared.clear())
  }

  async publish(messages: BusMessage[], subscriptions: Array<{ topic: string; group: string }>): Promise<void> {
    // Failing fast keeps the relay's transaction short; the rows stay unrelayed for the next try.
    if (!this.connection.ready) throw new Error('the broker is not connected')
    // Bound before publishing, so that a group subscribed in the database gets the
    // message even when none of its consumers is running yet.
    for (const { topic, group } of subscriptions) await this.declareGroup(group, [topic])
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the broker did not confirm in time')), this.options.confirmTimeoutMs)
    })
    try {
      await Promise.race([
        Promise.all(
          messages.map((m) =>
            this.publisher.send({ exchange: this.names.bus, routingKey: m.topic, durable: true, messageId: String(m.id), contentType: 'application/json' }, m),
          ),
        ),
        timeout,
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  published(): void {
    this.signals.send(outboxSignalKey)
  }

  start(groups: ConsumerGroup[], wakeRelay: () => void): () => Promise<void> {
    const relayWakeups = this.signals.listen([outboxSignalKey], () => wakeRelay())
    const consumers = groups.map((g) => this.consume(g))
    return async () => {
      await Promise.all([this.signals.close(relayWakeups), ...consumers.map((c) => c.close())])
    }
  }

  private consume(group: ConsumerGroup): Consumer {
    const consumer = this.connection.createConsumer(
      {
        queue: this.names.groupQueue(group.group),
        queueOptions: this.groupQueueOptions(group.group),
        // Bounded prefetch: enough to keep handlers busy, few enough to share a queue fairly between processes.
        qos: { prefetchCount: group.concurrency * 2 },
        concurrency: group.concurrency,
        exchanges: this.exchanges(),
        queueBindings: group.topics.map((topic) => ({ exchange: this.names.bus, queue: this.names.groupQueue(group.group), routingKey: topic })),
      },
      (message) => this.handle(group, message),
    )
    // Again after each reconnection, in case the broker came back empty.
    consumer.on('ready', () => {
      this.declareDeadLetters(group.group).catch((err: unknown) => this.log.warn({ err, group: group.group }, 'could not declare the dead-letter queue'))
    })
    consumer.on('error', (err) => this.log.warn({ err, group: group.group }, 'bus consumer failed; it recovers by itself'))
    return consumer
  }

  private async handle(group: ConsumerGroup, message: AsyncMessage): Promise<ConsumerStatus> {
    const body = message.body as BusMessage
    try {
      await group.deliver(body)
      return ConsumerStatus.ACK
    } catch (err) {
      // x-delivery-count is how many times the queue handed the message out before this one.
      const before = Number(message.headers?.['x-delivery-count'] ?? 0)
      this.log.warn({ err, group: group.group, topic: body?.topic, messageId: body?.id, delivery: before + 1 }, 'bus handler failed; the message goes back')
      const wait = Math.min(this.options.retryBaseMs * 2 ** before, this.options.retryMaxMs)
      if (wait > 0) await sleep(wait)
      return ConsumerStatus.REQUEUE
    }
  }

  private async declareGroup(group: string, topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.declared.has(`${group}\n${t}`))
    if (missing.length === 0) return
    if (!this.declared.has(group)) {
      await this.declareDeadLetters(group)
      await this.connection.exchangeDeclare(this.exchanges()[0]!)
      await this.connection.queueDeclare({ queue: this.names.groupQueue(group), ...this.groupQueueOptions(group) })
      this.declared.add(group)
    }
    for (const topic of missing) {
      await this.connection.queueBind({ exchange: this.names.bus, queue: this.names.groupQueue(group), routingKey: topic })
      this.declared.add(`${group}\n${topic}`)
    }
  }

  private async declareDeadLetters(group: string): Promise<void> {
    await this.connection.exchangeDeclare(this.exchanges()[1]!)
    await this.connection.queueDeclare({ queue: this.names.deadLetterQueue(group), durable: true })
    await this.connection.queueBind({ exchange: this.names.deadLetters, queue: this.names.deadLetterQueue(group), routingKey: group })
  }

  private exchanges() {
    return [
      { exchange: this.names.bus, type: 'topic' as const, durable: true },
      { exchange: this.names.deadLetters, type: 'direct' as const, durable: true },
    ]
  }

  /** The same on every declaration, by relay and consumers alike: RabbitMQ refuses a redeclaration that differs. */
  private groupQueueOptions(group: string) {
    return {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum' as const,
        // Deliveries beyond the first: a message is dead-lettered on its maxDeliveries-th rejection.
        'x-delivery-limit': this.options.maxDeliveries - 1,
        'x-dead-letter-exchange': this.names.deadLetters,
        'x-dead-letter-routing-key': group,
      },
    }
  }
}
