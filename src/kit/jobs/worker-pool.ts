import { randomUUID } from 'node:crypto'
import os from 'node:os'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { Clock } from '../clock.ts'
import { backoffDelay } from './backoff.ts'
import { CompletionBatcher } from './completion-batcher.ts'
import { claimJobs } from './job-lease-repository.ts'
import { jobMetrics } from './job-metrics.ts'
import { JobRun, type JobRunContext } from './job-run.ts'
import { DEFAULT_MAX_ATTEMPTS, type JobsExecutor } from './job-table.ts'
import type { JobQueue } from './queue.ts'
import type { JobDefinition } from './types.ts'

/**
 * Tells a pool that jobs became ready in another process (RabbitMQ "work is ready"
 * signals in the distributed mode). The jobs themselves are still claimed from the
 * database, so a lost signal costs latency, never a job.
 */
export interface WakeupSource {
  /**
   * Calls `wake` whenever work of one of `types` is signalled, and with no type after a
   * (re)connection, when signals may have been missed. Returns the unsubscribe function.
   */
  subscribe(types: string[], wake: (type?: string) => void): () => void
  /** While true, the pool polls every `signalledPollIntervalMs` instead of `pollIntervalMs`. */
  readonly connected: boolean
}

export interface WorkerPoolOptions {
  /** Recorded in `locked_by`; unique per process (default: host, pid and a random part). */
  workerId?: string
  /** How often to look for due jobs when nothing wakes the pool (default 1000). */
  pollIntervalMs?: number
  /** Signals of jobs enqueued elsewhere (default: the queue's `wakeups`, if any). */
  wakeups?: WakeupSource
  /** The backstop poll while `wakeups` is connected (default 5000). */
  signalledPollIntervalMs?: number
  /** How long a claim holds without renewal (default 30000); renewed every third of it. */
  leaseMs?: number
  /** First retry delay, doubled per attempt (default 1000), up to `backoffMaxMs` (default 5 min). */
  backoffBaseMs?: number
  backoffMaxMs?: number
  clock?: Clock
  log?: Logger
  /** Default: the queue's registry. */
  registry?: Registry
}

/**
 * Runs the jobs of the types it has definitions for, at most `concurrency` of each type
 * at once in this process. Several pools, in one process or many, may share a database.
 */
export class WorkerPool {
  readonly workerId: string
  private readonly context: JobRunContext
  private readonly pollIntervalMs: number
  private readonly signalledPollIntervalMs: number
  private readonly wakeups: WakeupSource | undefined
  private readonly runs = new Set<JobRun>()
  private readonly runningByType = new Map<string, number>()
  private state: 'new' | 'started' | 'stopping' | 'stopped' = 'new'
  private timer: NodeJS.Timeout | undefined
  private pumping: Promise<void> | undefined
  private again = false
  /**
   * Types whose last claim found fewer due jobs than it had slots for. A freed slot does
   * not claim them again (each claim is a write, and most pools carry several types that
   * are idle); an enqueue or a signal of the type, or the poll, does.
   */
  private readonly drained = new Set<string>()
  /** Counts wakes, so that a claim overlapping a wake does not mark its type drained. */
  private wakes = 0
  private stopping: Promise<void> | undefined
  private readonly unsubscribe: Array<() => void> = []

  constructor(
    private readonly queue: JobQueue,
    private readonly definitions: Record<string, JobDefinition>,
    options: WorkerPoolOptions = {},
  ) {
    for (const [type, d] of Object.entries(definitions)) {
      if (d.concurrency !== undefined && !(Number.isInteger(d.concurrency) && d.concurrency >= 1)) {
        throw new RangeError(`job ${type}: concurrency must be a positive integer, got ${d.concurrency}`)
      }
    }
    queue.define(definitions)
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
    this.pollIntervalMs = options.pollIntervalMs ?? 1000
    this.signalledPollIntervalMs = options.signalledPollIntervalMs ?? 5000
    this.wakeups = options.wakeups ?? queue.wakeups
    const leaseMs = options.leaseMs ?? 30_000
    const baseMs = options.backoffBaseMs ?? 1000
    const maxMs = options.backoffMaxMs ?? 300_000
    const registry = options.registry ?? queue.registry
    const db = queue.database.db as JobsExecutor
    const clock = options.clock ?? queue.clock
    this.context = {
      db,
      clock,
      log: (options.log ?? queue.log).child({ workerId: this.workerId }),
      workerId: this.workerId,
      leaseMs,
      backoff: (attempt) => backoffDelay(attempt, baseMs, maxMs),
      metrics: registry ? jobMetrics(registry) : undefined,
      completions: new CompletionBatcher(db, this.workerId, clock),
    }
  }

  start(): void {
    if (this.state !== 'new') return
    this.state = 'started'
    this.unsubscribe.push(
      this.queue.onEnqueue((type) => {
        if (type === undefined || Object.hasOwn(this.definitions, type)) this.wake(type)
      }),
      this.queue.onCancel((id) => {
        for (const run of this.runs) if (run.job.id === id) run.cancel()
      }),
    )
    if (this.wakeups) this.unsubscribe.push(this.wakeups.subscribe(Object.keys(this.definitions), (type) => this.wake(type)))
    this.context.log.info({ types: Object.keys(this.definitions) }, 'worker pool started')
    this.wake()
  }

  /**
   * Stops claiming at once, lets running jobs finish for up to `graceMs`, then aborts the
   * rest and hands them back to the queue (attempt not counted) for another worker.
   */
  stop(graceMs = 0): Promise<void> {
    if (this.state === 'new') this.state = 'stopped'
    if (this.state === 'stopped') return Promise.resolve()
    this.stopping ??= this.shutdown(graceMs)
    return this.stopping
  }

  /** Jobs running in this pool now. */
  get running(): number {
    return this.runs.size
  }

  /** Looks for due jobs (of `type`, or of every type) now rather than at the next poll. */
  wake(type?: string): void {
    this.wakes += 1
    if (type === undefined) this.drained.clear()
    else this.drained.delete(type)
    this.pump()
  }

  /** Claims for the types not drained after this tick, unless a claim is already under way (then once more after it). */
  private pump(): void {
    if (this.state !== 'started') return
    if (this.pumping) {
      this.again = true
      return
    }
    // After this tick, so that jobs finishing together (their successes are recorded in
    // one batch) free their slots for one claim rather than one claim each.
    this.pumping = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.claimUntilSettled())
  }

  private async claimUntilSettled(): Promise<void> {
    try {
      do {
        this.again = false
        await this.claimAll()
      } while (this.again && this.state === 'started')
    } catch (err) {
      this.context.log.error({ err }, 'claiming jobs failed')
    } finally {
      this.pumping = undefined
      // The poll runs on its own clock, not pushed back by activity, so that a drained
      // type's delayed retries and expired leases are found within one interval.
      if (this.state === 'started' && !this.timer) {
        const interval = this.wakeups?.connected ? this.signalledPollIntervalMs : this.pollIntervalMs
        this.timer = setTimeout(() => {
          this.timer = undefined
          this.wake()
        }, interval)
      }
    }
  }

  private async claimAll(): Promise<void> {
    const { clock, db, leaseMs, workerId } = this.context
    for (const [type, definition] of Object.entries(this.definitions)) {
      if (this.state !== 'started') return
      const free = (definition.concurrency ?? 1) - (this.runningByType.get(type) ?? 0)
      if (free <= 0 || this.drained.has(type)) continue
      const maxAttempts = definition.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
      const wakes = this.wakes
      const jobs = await claimJobs(db, this.queue.database.dialect, { type, limit: free, workerId, now: clock.now(), leaseMs, maxAttempts })
      if (jobs.length < free && this.wakes === wakes) this.drained.add(type)
      for (const job of jobs) this.launch(new JobRun(this.context, job, definition))
    }
  }

  private launch(run: JobRun): void {
    const type = run.job.type
    this.runs.add(run)
    this.runningByType.set(type, (this.runningByType.get(type) ?? 0) + 1)
    void run.run().then(() => {
      this.runs.delete(run)
      this.runningByType.set(type, (this.runningByType.get(type) ?? 1) - 1)
      this.pump()
    })
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.state = 'stopping'
    clearTimeout(this.timer)
    for (const off of this.unsubscribe.splice(0)) off()
    await this.pumping
    if (this.runs.size > 0) {
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))
      await Promise.race([Promise.all([...this.runs].map((r) => r.run())), grace])
      clearTimeout(timer)
      await Promise.all([...this.runs].map((r) => r.handBack()))
    }
    this.state = 'stopped'
    this.context.log.info('worker pool stopped')
  }
}
