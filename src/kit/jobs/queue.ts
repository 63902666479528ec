import pino, { type Logger } from 'pino'
import type { Registry } from 'prom-client'
import { systemClock, type Clock } from '../clock.ts'
import type { Database } from '../db/database.ts'
import {
  cancelJob,
  countJobs,
  findActiveJobByKeyPrefix,
  findJobIdByKey,
  getJob,
  insertJob,
  insertJobs,
  listJobs,
  newJobRow,
  purgeFinishedJobs,
} from './job-repository.ts'
import type { JobsExecutor } from './job-table.ts'
import type { WakeupSource } from './worker-pool.ts'
import type { EnqueueOptions, EnqueueResult, JobCounts, JobDefinition, JobRecord, JobToEnqueue, ListJobsOptions } from './types.ts'

export interface JobQueueOptions {
  clock?: Clock
  log?: Logger
  /** Where worker pools and the bus built on this queue register their metrics. */
  registry?: Registry
}

/** Carries "jobs of this type are ready" to worker pools in other processes. */
export interface JobSignals extends WakeupSource {
  /** Best effort: a signal that is lost leaves the job to the pools' next poll. */
  publish(type: string): void
}

type Listener<T> = (value: T) => void

/**
 * The `jobs` table as a queue. Enqueueing never runs anything: a WorkerPool (in this
 * process or another) claims the rows. In-process pools hear of new jobs at once through
 * `onEnqueue`; others find them at their next poll.
 */
export class JobQueue {
  readonly database: Database
  readonly clock: Clock
  readonly log: Logger
  readonly registry: Registry | undefined
  private signals: JobSignals | undefined
  private readonly maxAttemptsByType = new Map<string, number>()
  private readonly enqueueListeners = new Set<Listener<string | undefined>>()
  private readonly cancelListeners = new Set<Listener<number>>()

  constructor(database: Database, options: JobQueueOptions = {}) {
    this.database = database
    this.clock = options.clock ?? systemClock
    this.log = options.log ?? pino({ level: 'silent' })
    this.registry = options.registry
  }

  /**
   * Makes the types' `maxAttempts` apply from the moment a job is enqueued (otherwise it
   * applies when a worker first claims it). WorkerPool calls this with its definitions.
   */
  define(definitions: Record<string, JobDefinition>): void {
    for (const [type, d] of Object.entries(definitions)) if (d.maxAttempts !== undefined) this.maxAttemptsByType.set(type, d.maxAttempts)
  }

  /**
   * Inserts a job; with `opts.key`, returns the existing job of that key instead (created:
   * false). With `opts.trx` the job exists only if that transaction commits, and in-process
   * workers are not woken (they would look before the commit): call `notify(type)` after
   * committing, or let them find the job at their next poll.
   */
  async enqueue(type: string, payload: unknown, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    checkJob({ type, payload, ...opts })
    const db = this.executor(opts.trx)
    const row = newJobRow({ type, payload, ...opts }, this.maxAttemptsByType.get(type), this.clock.now())
    // A conflicting row can vanish (purged) between the insert and the lookup: try again.
    for (let i = 0; i < 3; i++) {
      const id = await insertJob(db, row)
      if (id !== undefined) {
        if (!opts.trx) this.notify(type)
        return { id, created: true }
      }
      const existing = await findJobIdByKey(db, opts.key!)
      if (existing !== undefined) return { id: existing, created: false }
    }
    throw new Error(`could not enqueue job ${type} with key ${opts.key}`)
  }

  /** Inserts several jobs in one statement, skipping keys that exist; returns how many were new. */
  async enqueueMany(jobs: JobToEnqueue[], trx?: EnqueueOptions['trx']): Promise<number> {
    jobs.forEach(checkJob)
    const now = this.clock.now()
    const created = await insertJobs(
      this.executor(trx),
      jobs.map((job) => newJobRow(job, this.maxAttemptsByType.get(job.type), now)),
    )
    if (!trx && created > 0) for (const type of new Set(jobs.map((j) => j.type))) this.notify(type)
    return created
  }

  get(id: number): Promise<JobRecord | undefined> {
    return getJob(this.executor(), id)
  }

  /** Newest first. */
  list(options: ListJobsOptions = {}): Promise<JobRecord[]> {
    return listJobs(this.executor(), options)
  }

  /**
   * A queued job is cancelled at once; a running one gets `cancelRequested`, which its
   * handler sees through its signal and at its next `progress()` call. Returns the job as
   * it is now (unchanged when it had already finished), undefined when there is none.
   */
  async cancel(id: number): Promise<JobRecord | undefined> {
    const job = await cancelJob(this.executor(), id, this.clock.now())
    if (job?.status === 'running' && job.cancelRequested) this.emit(this.cancelListeners, id)
    return job
  }

  counts(): Promise<JobCounts> {
    return countJobs(this.executor())
  }

  /**
   * Deletes jobs that finished more than `olderThanMs` ago; returns how many. Keep them
   * at least as long as the longest schedule period: a schedule's dedupe key lives in
   * its job row, and purging it early lets the period fire again.
   */
  purgeFinished(olderThanMs: number): Promise<number> {
    return purgeFinishedJobs(this.executor(), this.clock.now() - olderThanMs)
  }

  /** A queued or running job of the type whose key starts with the prefix (the newest). */
  findActiveByKeyPrefix(type: string, keyPrefix: string): Promise<JobRecord | undefined> {
    return findActiveJobByKeyPrefix(this.executor(), type, keyPrefix)
  }

  /** Called with the type after each enqueue outside a transaction, and on `notify`. */
  onEnqueue(listener: (type: string | undefined) => void): () => void {
    this.enqueueListeners.add(listener)
    return () => this.enqueueListeners.delete(listener)
  }

  /** Called with the id when cancellation of a running job is requested in this process. */
  onCancel(listener: (id: number) => void): () => void {
    this.cancelListeners.add(listener)
    return () => this.cancelListeners.delete(listener)
  }

  /**
   * Wakes in-process workers, e.g. after committing a transaction that enqueued jobs, and
   * with signals in use, those of other processes too.
   */
  notify(type?: string): void {
    this.emit(this.enqueueListeners, type)
    if (type !== undefined) this.signals?.publish(type)
  }

  /**
   * From now on each `notify` (and so each committed enqueue) also signals the type to
   * other processes, and worker pools created on this queue listen for such signals.
   */
  useSignals(signals: JobSignals): void {
    this.signals = signals
  }

  /** The signals from other processes that worker pools on this queue listen to, if any. */
  get wakeups(): WakeupSource | undefined {
    return this.signals
  }

  private emit<T>(listeners: Set<Listener<T>>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value)
      } catch (err) {
        this.log.error({ err }, 'job queue listener failed')
      }
    }
  }

  private executor(trx?: EnqueueOptions['trx']): JobsExecutor {
    return (trx ?? this.database.db) as JobsExecutor
  }
}

function checkJob(job: JobToEnqueue): void {
  if (typeof job.type !== 'string' || job.type.length === 0) throw new TypeError('a job needs a type')
  if (job.maxAttempts !== undefined && !(Number.isInteger(job.maxAttempts) && job.maxAttempts >= 1)) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${job.maxAttempts}`)
  }
  if (job.runAt !== undefined && !Number.isFinite(job.runAt)) throw new RangeError(`runAt must be epoch milliseconds, got ${job.runAt}`)
}
