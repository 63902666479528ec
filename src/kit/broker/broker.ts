import pino, { type Logger } from 'pino'
// rabbitmq-client rather than amqplib: its Connection reconnects with exponential
// backoff, and its consumers and publishers redeclare their exchanges, queues, bindings
// and QoS on every new channel, which is the recovery code amqplib leaves to each
// application. No dependencies of its own, typed. (v4: v5 needs Node.js 22.)
import { Connection, type Publisher } from 'rabbitmq-client'
import type { OutboxBus } from '../bus/outbox-bus.ts'
import type { JobQueue } from '../jobs/queue.ts'
import { BrokerBusTransport, type BrokerBusOptions } from './bus-transport.ts'
import { BrokerJobSignals } from './job-signals.ts'
import { brokerNames, type BrokerNames } from './names.ts'

export interface BrokerOptions extends Partial<BrokerBusOptions> {
  /** amqp://user:password@host:port/vhost */
  url: string
  /** Prefix of every exchange and queue (default `flotilla`). */
  prefix?: string
  log?: Logger
  /** First reconnection delay (default 250), growing up to `reconnectMaxMs` (default 5000). */
  reconnectBaseMs?: number
  reconnectMaxMs?: number
}

/**
 * One RabbitMQ connection per process, carrying the "jobs ready" signals and the bus.
 * The database stays the record of every job and message, so the process starts and
 * runs while the broker is down (on polls alone), and reconnects when it is back.
 */
export class Broker {
  readonly names: BrokerNames
  readonly signals: BrokerJobSignals
  readonly bus: BrokerBusTransport
  private readonly connection: Connection
  private readonly publishers: Publisher[]
  private readonly log: Logger
  private closing: Promise<void> | undefined

  constructor(options: BrokerOptions) {
    this.log = options.log ?? pino({ level: 'silent' })
    this.names = brokerNames(options.prefix ?? 'flotilla')
    this.connection = new Connection({
      url: options.url,
      connectionName: `flotilla:${process.pid}`,
      retryLow: options.reconnectBaseMs ?? 250,
      retryHigh: options.reconnectMaxMs ?? 5000,
      // Short enough that a publish does not hang on a broker that is away.
      acquireTimeout: 5_000,
      connectionTimeout: 5_000,
      heartbeat: 10,
      noDelay: true,
    })
    let outage = false
    this.connection.on('connection', () => {
      outage = false
      this.log.info('broker connected')
    })
    this.connection.on('error', (err) => {
      // Warned once per outage rather than at every reconnection attempt.
      if (outage || this.closing) return this.log.debug({ err }, 'broker still unreachable')
      outage = true
      this.log.warn({ err }, 'broker unreachable; running on database polls while reconnecting')
    })
    const signalPublisher = this.connection.createPublisher({ exchanges: [{ exchange: this.names.signals, type: 'direct', durable: true }] })
    const busPublisher = this.connection.createPublisher({ confirm: true, exchanges: [{ exchange: this.names.bus, type: 'topic', durable: true }] })
    this.publishers = [signalPublisher, busPublisher]
    this.signals = new BrokerJobSignals(this.connection, signalPublisher, this.names, this.log)
    const { maxDeliveries = 10, retryBaseMs, retryMaxMs, confirmTimeoutMs } = options
    this.bus = new BrokerBusTransport(this.connection, busPublisher, this.signals, this.names, this.log, { maxDeliveries, retryBaseMs, retryMaxMs, confirmTimeoutMs })
  }

  /** Connected now: for /readyz. */
  get ready(): boolean {
    return this.connection.ready
  }

  /** Rejects while the broker is unreachable (the /readyz check). */
  async ping(): Promise<void> {
    if (!this.connection.ready) throw new Error('the broker is not connected')
  }

  /** Resolves once connected (or rejects after `timeoutMs`). */
  async connected(timeoutMs = 10_000): Promise<void> {
    if (this.connection.ready) return
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.connection.off('connection', done)
        reject(new Error(`the broker did not answer within ${timeoutMs} ms`))
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      this.connection.once('connection', done)
    })
  }

  /**
   * Makes the queue signal committed enqueues to worker pools everywhere (and pools on it
   * listen), and the bus travel through RabbitMQ instead of delivery jobs.
   */
  carry(jobs: JobQueue, bus: OutboxBus): void {
    jobs.useSignals(this.signals)
    bus.useTransport(this.bus)
  }

  /** After the pools and the bus have stopped: closes what is left, then the connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.signals.close()
      await Promise.all(this.publishers.map((p) => p.close()))
      await this.connection.close()
    })()
    return this.closing
  }
}
