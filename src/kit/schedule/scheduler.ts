import pino, { type Logger } from 'pino'
import type { Clock } from '../clock.ts'
import type { JobQueue } from '../jobs/queue.ts'
import { periodOf, type PeriodStart } from './period.ts'
import type { Schedule } from './types.ts'

export interface SchedulerOptions {
  clock?: Clock
  log?: Logger
  /** How often to check the schedules (default 1000). */
  tickMs?: number
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
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.loop()
  }

  async stop(): Promise<void> {
    this.running = false
    clearTimeout(this.timer)
    await this.ticking
  }

  /** Checks every schedule once; returns how many jobs it enqueued. */
  async tick(): Promise<number> {
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

  private loop(): void {
    if (!this.running) return
    this.ticking = this.tick().finally(() => {
      this.ticking = undefined
      if (this.running) this.timer = setTimeout(() => this.loop(), this.tickMs)
    })
  }
}
