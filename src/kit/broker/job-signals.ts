import type { Logger } from 'pino'
import type { Connection, Consumer, Publisher } from 'rabbitmq-client'
import type { JobSignals } from '../jobs/queue.ts'
import { jobSignalKey, type BrokerNames } from './names.ts'

/**
 * "Jobs of this type are ready" over a direct exchange. Signals are transient and
 * unconfirmed: each process's signal queue is exclusive and vanishes with it, and a
 * signal lost on the way only leaves the job to the pools' backstop poll.
 */
export class BrokerJobSignals implements JobSignals {
  private readonly pending = new Set<string>()
  private flushing: NodeJS.Immediate | undefined
  private readonly consumers = new Map<Consumer, Promise<void>>()

  constructor(
    private readonly connection: Connection,
    private readonly publisher: Publisher,
    private readonly names: BrokerNames,
    private readonly log: Logger,
  ) {}

  get connected(): boolean {
    return this.connection.ready
  }

  /** Sends a routing key on the next turn of the event loop, once however often it was asked for meanwhile. */
  send(key: string): void {
    if (!this.connection.ready) return
    this.pending.add(key)
    this.flushing ??= setImmediate(() => this.flush())
  }

  publish(type: string): void {
    this.send(jobSignalKey(type))
  }

  subscribe(types: string[], wake: (type?: string) => void): () => void {
    const keys = new Map(types.map((t) => [jobSignalKey(t), t]))
    const consumer = this.listen([...keys.keys()], (key) => wake(keys.get(key)))
    // Signals sent while this process was disconnected are gone: look for work at once.
    consumer.on('ready', () => wake())
    return () => void this.close(consumer)
  }

  /** Calls `onSignal` with the routing key of each signal for `keys`. */
  listen(keys: string[], onSignal: (key: string) => void): Consumer {
    const consumer = this.connection.createConsumer(
      {
        queue: '',
        queueOptions: { exclusive: true, autoDelete: true, durable: false },
        noAck: true,
        exchanges: [{ exchange: this.names.signals, type: 'direct', durable: true }],
        queueBindings: keys.map((routingKey) => ({ exchange: this.names.signals, routingKey })),
      },
      (message) => onSignal(message.routingKey),
    )
    consumer.on('error', (err) => this.log.warn({ err }, 'signal consumer failed; it recovers by itself'))
    this.consumers.set(consumer, new Promise((resolve) => consumer.once('ready', resolve)))
    return consumer
  }

  /** Resolves once every signal queue made so far is bound: signals sent from then on arrive. */
  async listening(): Promise<void> {
    await Promise.all(this.consumers.values())
  }

  async close(consumer?: Consumer): Promise<void> {
    clearImmediate(this.flushing)
    const closing = consumer ? [consumer] : [...this.consumers.keys()]
    for (const c of closing) this.consumers.delete(c)
    await Promise.all(closing.map((c) => c.close()))
  }

  private flush(): void {
    this.flushing = undefined
    const keys = [...this.pending]
    this.pending.clear()
    for (const routingKey of keys) {
      this.publisher.send({ exchange: this.names.signals, routingKey }, '').catch((err: unknown) => this.log.debug({ err }, 'a job signal was lost'))
    }
  }
}
