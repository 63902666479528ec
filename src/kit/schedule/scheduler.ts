import pino, { type Logger } from 'pino'
import { Gauge, type Registry } from 'prom-client'
import type { Clock } from '../clock.ts'
import { registered } from '../jobs/job-metrics.ts'
import type { JobQueue } from '../jobs/queue.ts'
import { alwaysLeader, type Leadership } from './leader.ts'
import { periodOf, type PeriodStart } from './period.ts'
import type { Schedule } from './types.ts'

export interface SchedulerOptions {
  clock?: Clock
  log?: Logger
  /** How often to check the schedules (default 1000). */
  tickMs?: number
  /** Who among the schedulers fires (default: this one, always). */
  leadership?: Leadership
  /** Where the `flotilla_scheduler_leader` gauge goes. */
  registry?: Registry
}

function keyPrefix(name: string): string {
  return `schedule:${name}:`
}

/** The dedupe key of a schedule's job for one period. */
export function scheduleKey(name: string, periodStart: number): string {
  return `${keyPrefix(name)}${periodStart}`
}

/**
 * Enqueues each schedule's job once per period. The period is in the job's dedupe key, so
 * any number of schedulers (processes) enqueue it once between them. A period whose
 * previous job is still queued or running is skipped rather than piled up. On start, the
 * current period fires if its job has not run yet (older periods are never caught up).
 */
export class Scheduler {
  private readonly clock: Clock
  private readonly log: Logger
  private readonly tickMs: number
  private readonly entries: Array<{ schedule: Schedule; periodStart: PeriodStart }>
  private running = false
  private timer: NodeJS.Timeout | undefined
  private ticking: Promise<number> | undefined
  private readonly leadership: Leadership
  private readonly leaderGauge: Gauge | undefined

  constructor(
    private readonly queue: JobQueue,
    schedules: Schedule[],
    options: SchedulerOptions = {},
  ) {
    const names = new Set<string>()
    for (const s of schedules) {
      if (names.has(s.name)) throw new Error(`two schedules are named ${s.name}`)
      names.add(s.name)
    }
    this.entries = schedules.map((schedule) => ({ schedule, periodStart: periodOf(schedule) }))
    this.clock = options.clock ?? queue.clock
    this.log = options.log ?? pino({ level: 'silent' })
    this.tickMs = options.tickMs ?? 1000
    this.leadership = options.leadership ?? alwaysLeader()
    this.leaderGauge = options.registry && leaderGauge(options.registry)
  }

  /** Whether this scheduler fires the schedules now (on PostgreSQL: it holds the leader lock). */
  get leading(): boolean {
    return this.leadership.leading
  }

  start(): void {
    if (this.running) return
    this.running = true
    // The first tick waits for the first campaign, so a leader fires the current period at once.
    this.loop(this.leadership.start())
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.ticking
    await this.leadership.stop()
    this.leaderGauge?.set(0)
  }

  /** Checks every schedule once, if this scheduler leads; returns how many jobs it enqueued. */
  async tick(): Promise<number> {
    this.leaderGauge?.set(this.leading ? 1 : 0)
    if (!this.leading) return 0
    const now = this.clock.now()
    let enqueued = 0
    for (const entry of this.entries) {
      try {
        if (await this.fire(entry.schedule, entry.periodStart(now))) enqueued++
      } catch (err) {
        this.log.error({ err, schedule: entry.schedule.name }, 'schedule tick failed')
      }
    }
    return enqueued
  }

  private async fire(schedule: Schedule, periodStart: number): Promise<boolean> {
    const key = scheduleKey(schedule.name, periodStart)
    const active = await this.queue.findActiveByKeyPrefix(schedule.job, keyPrefix(schedule.name))
    if (active && active.key !== key) {
      this.log.debug({ schedule: schedule.name, periodStart, busy: active.id }, 'previous period still queued or running; period skipped')
      return false
    }
    const { id, created } = await this.queue.enqueue(schedule.job, schedule.payload ?? null, { key })
    if (created) this.log.info({ schedule: schedule.name, job: schedule.job, jobId: id, periodStart }, 'scheduled job enqueued')
    return created
  }

  private loop(before: Promise<void> = Promise.resolve()): void {
    if (!this.running) return
    this.ticking = before.then(() => (this.running ? this.tick() : 0)).finally(() => {
      this.ticking = undefined
      if (this.running) this.timer = setTimeout(() => this.loop(), this.tickMs)
    })
  }
}

function leaderGauge(registry: Registry): Gauge {
  return registered(registry, 'flotilla_scheduler_leader', () =>
    new Gauge({
      name: 'flotilla_scheduler_leader',
      help: '1 when this process fires the schedules (it holds the leader lock), 0 when it stands by',
      registers: [registry],
    }),
  )
}
