import { hostname } from 'node:os'
import pg from 'pg'
import pino, { type Logger } from 'pino'
import type { Database } from '../db/database.ts'

/** Whether this process may fire the schedules now. */
export interface Leadership {
  readonly leading: boolean
  /** Starts campaigning; resolves after the first attempt, won or not. */
  start(): Promise<void>
  /** Gives up the leadership (if held) and stops campaigning. */
  stop(): Promise<void>
}

/** SQLite is one process: it always leads. */
export function alwaysLeader(): Leadership {
  return { leading: true, start: async () => {}, stop: async () => {} }
}

/**
 * The first key of the two-key advisory lock: 'FLOT'. The second is the hash of the
 * current schema, so deployments (and tests) sharing one database in separate schemas
 * each elect their own leader.
 */
export const LEADER_LOCK_CLASS = 0x464c4f54

export interface AdvisoryLockOptions {
  url: string
  schema?: string | undefined
  /** How often a standby tries the lock, and how often the leader checks its connection (default 2000). */
  retryMs?: number
  log?: Logger
}

/**
 * Leadership held as a session advisory lock on a dedicated connection. When the leader
 * dies, PostgreSQL sees its connection close and releases the lock; a standby takes it at
 * its next try. When the leader's own connection dies or stops answering, the leader stops
 * leading at once and campaigns again on a new connection. Two leaders can overlap for a
 * moment (a connection dead on one side only); the schedules' dedupe keys make that harmless.
 */
export class AdvisoryLockLeadership implements Leadership {
  private held = false
  private readonly retryMs: number
  private readonly log: Logger
  private client: pg.Client | undefined
  private running = false
  private timer: NodeJS.Timeout | undefined
  private cycle: Promise<void> | undefined
  /** After losing its connection, a leader sits out a try: the standbys, likely healthier, go first. */
  private sitOutUntil = 0

  constructor(private readonly options: AdvisoryLockOptions) {
    this.retryMs = options.retryMs ?? 2_000
    this.log = options.log ?? pino({ level: 'silent' })
  }

  get leading(): boolean {
    return this.held
  }

  start(): Promise<void> {
    if (this.running) return Promise.resolve()
    this.running = true
    this.loop()
    return this.cycle ?? Promise.resolve()
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.cycle
    const client = this.client
    this.client = undefined
    // Closing the session releases the lock; a standby takes over at its next try.
    if (this.held) this.log.info('scheduler leadership released')
    this.held = false
    if (client) await endQuietly(client)
  }

  private loop(): void {
    if (!this.running) return
    this.cycle = this.campaign().finally(() => {
      this.cycle = undefined
      if (this.running) this.timer = setTimeout(() => this.loop(), this.retryMs)
    })
  }

  private async campaign(): Promise<void> {
    if (Date.now() < this.sitOutUntil) return
    try {
      const client = this.client ?? (await this.connect())
      if (this.held) {
        // The lock lives as long as this session: a query that answers proves both.
        await client.query('select 1')
        return
      }
      const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1, hashtext(coalesce(current_schema(), ''))) as locked", [LEADER_LOCK_CLASS])
      if (rows[0]?.locked && this.running) {
        this.held = true
        this.log.info('scheduler leadership acquired: this process fires the schedules')
      }
    } catch (err) {
      this.drop(this.client, err)
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      ...(this.options.schema ? { options: `-c search_path=${this.options.schema}` } : {}),
      // Whoever looks at pg_stat_activity (or a test) sees which process leads.
      application_name: `flotilla-scheduler ${hostname()} ${process.pid}`,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
    })
    client.on('error', (err) => this.drop(client, err))
    client.on('end', () => this.drop(client, new Error('connection ended')))
    try {
      await client.connect()
    } catch (err) {
      await endQuietly(client)
      throw err
    }
    this.client = client
    return client
  }

  private drop(client: pg.Client | undefined, err: unknown): void {
    if (!client || client !== this.client) return
    this.client = undefined
    void endQuietly(client)
    if (this.held) {
      this.held = false
      this.sitOutUntil = Date.now() + 2 * this.retryMs
      this.log.warn({ err }, 'scheduler leadership lost: its database connection failed; campaigning again')
    } else if (this.running) {
      this.log.debug({ err }, 'leader election connection failed; retrying')
    }
  }
}

const END_TIMEOUT_MS = 2_000

/** Closes a connection without waiting long on a server that does not answer (shutdown must not hang). */
async function endQuietly(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, END_TIMEOUT_MS)))
  await Promise.race([client.end().catch(() => {}), timeout])
  clearTimeout(timer)
}

/** PostgreSQL elects one leader among the schedulers; SQLite (one process) always leads. */
export function leadershipFor(database: Database, options: Omit<AdvisoryLockOptions, 'url' | 'schema'> = {}): Leadership {
  const source = database.source
  if (source.dialect !== 'postgres') return alwaysLeader()
  return new AdvisoryLockLeadership({ ...options, url: source.url, schema: source.schema })
}
