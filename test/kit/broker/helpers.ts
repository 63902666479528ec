import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Connection } from 'rabbitmq-client'
import { brokerNames } from '../../../src/kit/broker/names.ts'
import { requireServices } from '../../helpers/databases.ts'

export const brokerUrl = process.env.BROKER_URL_TEST ?? 'amqp://guest:guest@127.0.0.1:5672'

/** A name no other test run uses, so that parallel runs and leftovers never meet. */
export function uniquePrefix(): string {
  return `flotilla-test-${process.pid}-${randomBytes(4).toString('hex')}`
}

function reachable(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host })
    socket.setTimeout(2_000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** Like postgresSkipReason: a reason to skip on a laptop without RabbitMQ; throws under FLOTILLA_REQUIRE_SERVICES=1. */
export async function brokerSkipReason(): Promise<string | undefined> {
  const url = new URL(brokerUrl)
  if (await reachable(Number(url.port || 5672), url.hostname)) return undefined
  const reason = `RabbitMQ not reachable at ${url.hostname}:${url.port || 5672}: start it (rabbitmq-server -detached, or set BROKER_URL_TEST) to run this test`
  if (requireServices) throw new Error(`FLOTILLA_REQUIRE_SERVICES=1 but ${reason}`)
  return reason
}

/** Deletes what a test's brokers declared under `prefix`. */
export async function deleteBrokerObjects(url: string, prefix: string, groups: string[]): Promise<void> {
  const names = brokerNames(prefix)
  const connection = new Connection({ url, retryLow: 100, retryHigh: 500, acquireTimeout: 5_000 })
  connection.on('error', () => {})
  try {
    for (const group of groups) {
      await connection.queueDelete({ queue: names.groupQueue(group) })
      await connection.queueDelete({ queue: names.deadLetterQueue(group) })
    }
    for (const exchange of [names.signals, names.bus, names.deadLetters]) await connection.exchangeDelete({ exchange })
  } finally {
    await connection.close()
  }
}

/** How many messages wait in a queue (declares it passively: it must exist). */
export async function queueDepth(url: string, queue: string): Promise<number> {
  const connection = new Connection({ url, acquireTimeout: 5_000 })
  connection.on('error', () => {})
  try {
    const { messageCount } = await connection.queueDeclare({ queue, passive: true })
    return messageCount
  } finally {
    await connection.close()
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'

/**
 * A RabbitMQ node of this test's own: its own name, ports, data directory, cookie and
 * config, so that stopping it never touches the machine's shared node.
 */
export class PrivateRabbit {
  readonly url: string
  private readonly dir: string
  private readonly env: Record<string, string>
  private child: ChildProcess | undefined
  private output = ''

  private constructor(
    readonly port: number,
    distPort: number,
  ) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-rabbit-'))
    const name = `flotilla-test-${randomBytes(4).toString('hex')}@localhost`
    writeFileSync(path.join(this.dir, 'enabled_plugins'), '[].')
    writeFileSync(path.join(this.dir, 'rabbitmq.conf'), `listeners.tcp.default = 127.0.0.1:${port}\n`)
    writeFileSync(path.join(this.dir, 'rabbitmq-env.conf'), '')
    writeFileSync(path.join(this.dir, '.erlang.cookie'), randomBytes(16).toString('hex'))
    chmodSync(path.join(this.dir, '.erlang.cookie'), 0o400)
    this.env = {
      HOME: this.dir,
      RABBITMQ_CONF_ENV_FILE: path.join(this.dir, 'rabbitmq-env.conf'),
      RABBITMQ_CONFIG_FILE: path.join(this.dir, 'rabbitmq.conf'),
      RABBITMQ_NODENAME: name,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: path.join(this.dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(this.dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(this.dir, 'enabled_plugins'),
      RABBITMQ_PID_FILE: path.join(this.dir, 'rabbit.pid'),
      ERL_EPMD_ADDRESS: '127.0.0.1',
    }
    this.url = `amqp://guest:guest@127.0.0.1:${port}`
  }

  /** Undefined when this machine has no rabbitmq-server to start. */
  static async create(): Promise<PrivateRabbit | undefined> {
    try {
      readFileSync(RABBITMQ_SERVER)
    } catch {
      return undefined
    }
    return new PrivateRabbit(await freePort(), await freePort())
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(RABBITMQ_SERVER, [], { env: { ...process.env, ...this.env }, cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    const collect = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000))
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const deadline = Date.now() + timeoutMs
    while (!(await reachable(this.port))) {
      if (child.exitCode !== null) throw new Error(`private rabbitmq-server exited with ${child.exitCode}: ${this.output}`)
      if (Date.now() > deadline) throw new Error(`private rabbitmq-server did not listen within ${timeoutMs} ms: ${this.output}`)
      await sleep(100)
    }
  }

  /** Stops the node (SIGTERM to the Erlang VM: a clean shutdown, data kept for the next start). */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = undefined
    const exited = child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : Promise.resolve()
    let pid: number | undefined
    try {
      pid = Number(readFileSync(this.env.RABBITMQ_PID_FILE!, 'utf8').trim())
    } catch {
      pid = undefined
    }
    if (pid) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    child.kill('SIGTERM')
    const timer = setTimeout(() => {
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      child.kill('SIGKILL')
    }, 15_000)
    await exited
    clearTimeout(timer)
    while (await reachable(this.port)) await sleep(50)
  }

  async destroy(): Promise<void> {
    await this.stop()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
