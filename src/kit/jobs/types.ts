import type { Kysely, Transaction } from 'kysely'
import type { Logger } from 'pino'

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface JobRecord {
  id: number
  type: string
  payload: unknown
  status: JobStatus
  key: string | null
  attempts: number
  /**
   * Attempts allowed. A job enqueued without `maxAttempts` by a process that does not know
   * its type's JobDefinition shows the default (3) until a worker first claims it and
   * applies the definition's value.
   */
  maxAttempts: number
  runAt: number
  /** The worker holding the job while it runs, and until when its lease holds. */
  lockedBy: string | null
  lockedUntil: number | null
  progress: unknown
  result: unknown
  error: string | null
  cancelRequested: boolean
  createdAt: number
  updatedAt: number
  startedAt: number | null
  finishedAt: number | null
}

export interface EnqueueOptions {
  /** Dedupe key: enqueueing a key that exists returns the existing job instead. */
  key?: string
  runAt?: number
  maxAttempts?: number
  /** Enqueue inside the caller's transaction: the job exists only if it commits. */
  trx?: Kysely<any> | Transaction<any>
}

/** One job of a batch enqueued with `JobQueue.enqueueMany`. */
export interface JobToEnqueue {
  type: string
  payload: unknown
  key?: string
  runAt?: number
  maxAttempts?: number
}

export interface ListJobsOptions {
  type?: string
  status?: JobStatus
  /** Default 100, at most 1000. */
  limit?: number
  offset?: number
}

/** Jobs per type, then per status (every status present, zero when none). */
export type JobCounts = Record<string, Record<JobStatus, number>>

export const jobStatuses: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled']

export interface EnqueueResult {
  id: number
  created: boolean
}

export interface JobHelpers {
  jobId: number
  attempt: number
  /** Aborted when the job is cancelled, its lease is lost, or the pool shuts down. */
  signal: AbortSignal
  log: Logger
  /** Records progress; throws JobCancelledError if the job was cancelled meanwhile. */
  progress(progress: unknown): Promise<void>
}

/**
 * Handlers run at least once: a worker that dies mid-job leaves a lease that expires,
 * and the job runs again. They must be idempotent, and check their payload, since old
 * jobs outlive code changes.
 */
export type JobHandler<P = any> = (payload: P, helpers: JobHelpers) => Promise<unknown>

export interface JobDefinition<P = any> {
  handler: JobHandler<P>
  /** Jobs of this type running at once in one process (default 1). */
  concurrency?: number
  maxAttempts?: number
  /**
   * Called when the job fails without its handler running: its worker died (lease expired)
   * during the last attempt allowed. The service records the failure in its own tables
   * (a task, a scrape) that the handler would have written. The job is failed once this
   * returns; if it throws, the job stays claimed until the lease runs out and this is
   * called again, so it must be idempotent.
   */
  onExhausted?: (payload: P, job: { id: number; error: string }) => Promise<void>
}

export class JobCancelledError extends Error {
  constructor(id: number) {
    super(`job ${id} was cancelled`)
    this.name = 'JobCancelledError'
  }
}

/**
 * The reason a running job's signal aborts when it was not cancelled: its worker lost the
 * lease (another worker may be running the job now), or the pool is shutting down and
 * hands the job back to the queue. Either way the attempt's outcome is not recorded.
 */
export class JobInterruptedError extends Error {
  constructor(
    id: number,
    readonly reason: 'lease-lost' | 'shutdown',
  ) {
    super(reason === 'shutdown' ? `job ${id} was handed back: the worker is shutting down` : `job ${id} lost its lease`)
    this.name = 'JobInterruptedError'
  }
}
