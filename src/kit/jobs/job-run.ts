import { performance } from 'node:perf_hooks'
import type { Logger } from 'pino'
import type { Clock } from '../clock.ts'
import {
  cancelOwnedJob,
  failExhaustedJob,
  failJob,
  handBackJob,
  recordProgress,
  renewLease,
  type Lease,
} from './job-lease-repository.ts'
import type { CompletionBatcher } from './completion-batcher.ts'
import type { JobOutcome, JobMetrics } from './job-metrics.ts'
import type { JobsExecutor } from './job-table.ts'
import { JobCancelledError, JobInterruptedError, type JobDefinition, type JobHelpers, type JobRecord } from './types.ts'

export interface JobRunContext {
  db: JobsExecutor
  clock: Clock
  log: Logger
  workerId: string
  leaseMs: number
  /** Delay before the next attempt after attempt number `attempt` failed. */
  backoff(attempt: number): number
  metrics: JobMetrics | undefined
  /** Records successes, batched across the pool's jobs. */
  completions: CompletionBatcher
}

/**
 * One attempt of one claimed job: runs the handler, renews the lease meanwhile, records
 * the outcome. Once it is no longer ours (lease lost, handed back) it writes nothing.
 */
export class JobRun {
  readonly job: JobRecord
  private readonly controller = new AbortController()
  private readonly lease: Lease
  private readonly log: Logger
  private state: 'running' | 'finishing' | 'handed_back' | 'lost' = 'running'
  private done: Promise<void> | undefined
  private renewal: NodeJS.Timeout | undefined

  constructor(
    private readonly ctx: JobRunContext,
    job: JobRecord,
    private readonly definition: JobDefinition,
  ) {
    this.job = job
    this.lease = { id: job.id, workerId: ctx.workerId, attempt: job.attempts }
    this.log = ctx.log.child({ jobId: job.id, type: job.type, attempt: job.attempts })
  }

  /** Settles when the attempt is over; never rejects. */
  run(): Promise<void> {
    this.done ??= this.attempt().catch((err: unknown) => {
      // Typically the database is unreachable: the lease expires and the job runs again.
      this.log.error({ err }, 'could not record the outcome of a job')
    })
    return this.done
  }

  /** Cancellation was requested in this process: stop the handler without waiting for the next renewal. */
  cancel(): void {
    if (this.state === 'running') this.controller.abort(new JobCancelledError(this.job.id))
  }

  /** Shutdown: give the job back to the queue, attempt not counted, and abort the handler. */
  async handBack(): Promise<void> {
    if (this.state === 'finishing') return this.done
    if (this.state !== 'running') return
    this.state = 'handed_back'
    clearInterval(this.renewal)
    this.controller.abort(new JobInterruptedError(this.job.id, 'shutdown'))
    try {
      if (await handBackJob(this.ctx.db, this.lease, this.ctx.clock.now())) this.log.info('job handed back to the queue')
    } catch (err) {
      // Its lease expires instead, and another worker takes it then.
      this.log.error({ err }, 'could not hand a job back')
    }
  }

  private async attempt(): Promise<void> {
    const { job, ctx } = this
    if (job.attempts > job.maxAttempts) {
      // Its worker died (lease expired) during the last attempt allowed.
      this.state = 'finishing'
      const error = 'the worker running the last attempt stopped (lease expired)'
      // The service's own record first: if it cannot be written, the job is not failed yet.
      await this.definition.onExhausted?.(job.payload, { id: job.id, error })
      if (await failExhaustedJob(ctx.db, this.lease, job.maxAttempts, error, ctx.clock.now())) {
        ctx.metrics?.completed.inc({ type: job.type, outcome: 'failed' })
        this.log.warn('job failed: its worker died during its last attempt')
      }
      return
    }
    this.renewal = setInterval(() => void this.renew().catch((err: unknown) => this.log.warn({ err }, 'lease renewal failed')), Math.max(ctx.leaseMs / 3, 10))
    const started = performance.now()
    ctx.metrics?.running.inc({ type: job.type })
    let outcome: JobOutcome
    try {
      outcome = await this.execute()
    } finally {
      clearInterval(this.renewal)
      ctx.metrics?.running.dec({ type: job.type })
    }
    ctx.metrics?.completed.inc({ type: job.type, outcome })
    ctx.metrics?.duration.observe({ type: job.type }, (performance.now() - started) / 1000)
  }

  private async execute(): Promise<JobOutcome> {
    const { job, ctx } = this
    let result: string
    try {
      result = JSON.stringify((await this.definition.handler(job.payload, this.helpers())) ?? null) ?? 'null'
    } catch (err) {
      if (this.state === 'handed_back' || this.state === 'lost') return this.state
      this.state = 'finishing'
      return this.recordFailure(err)
    }
    if (this.state === 'handed_back' || this.state === 'lost') return this.state
    this.state = 'finishing'
    if (!(await ctx.completions.complete({ id: job.id, attempt: this.lease.attempt, result }))) return this.lost()
    this.log.debug('job succeeded')
    return 'succeeded'
  }

  private async recordFailure(err: unknown): Promise<JobOutcome> {
    const { job, ctx } = this
    const now = ctx.clock.now()
    const message = errorMessage(err)
    if (err instanceof JobCancelledError || this.controller.signal.reason instanceof JobCancelledError) {
      if (!(await cancelOwnedJob(ctx.db, this.lease, null, now))) return this.lost()
      this.log.info('job cancelled')
      return 'cancelled'
    }
    const retryAt = job.attempts < job.maxAttempts ? now + ctx.backoff(job.attempts) : null
    const outcome = await failJob(ctx.db, this.lease, message, retryAt, now)
    if (outcome === undefined) return this.lost()
    if (outcome === 'queued') this.log.warn({ err, retryAt }, 'job attempt failed; it will be retried')
    else if (outcome === 'failed') this.log.error({ err }, 'job failed: no attempts left')
    return outcome === 'queued' ? 'retried' : outcome
  }

  private helpers(): JobHelpers {
    const { job, ctx } = this
    return {
      jobId: job.id,
      attempt: job.attempts,
      signal: this.controller.signal,
      log: this.log,
      progress: async (progress: unknown) => {
        this.throwIfAborted()
        const r = await recordProgress(ctx.db, this.lease, JSON.stringify(progress ?? null) ?? 'null', ctx.clock.now())
        this.observe(r)
        this.throwIfAborted()
      },
    }
  }

  private async renew(): Promise<void> {
    if (this.state !== 'running') return
    const now = this.ctx.clock.now()
    this.observe(await renewLease(this.ctx.db, this.lease, now + this.ctx.leaseMs, now))
  }

  /** Acts on what a lease-guarded write found: the job gone from us, or cancellation asked. */
  private observe(found: { cancelRequested: boolean } | undefined): void {
    if (this.state !== 'running') return
    if (!found) {
      this.lost()
      this.controller.abort(new JobInterruptedError(this.job.id, 'lease-lost'))
    } else if (found.cancelRequested && !this.controller.signal.aborted) {
      this.controller.abort(new JobCancelledError(this.job.id))
    }
  }

  private throwIfAborted(): void {
    if (this.controller.signal.aborted) throw this.controller.signal.reason
  }

  private lost(): 'lost' {
    if (this.state !== 'lost') this.log.warn('job lease lost: another worker may run it; this attempt records nothing')
    this.state = 'lost'
    clearInterval(this.renewal)
    return 'lost'
  }
}

function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : String(err)
  return message.length > 2000 ? `${message.slice(0, 2000)}…` : message
}
