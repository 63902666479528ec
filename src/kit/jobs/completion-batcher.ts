import type { Clock } from '../clock.ts'
import { completeJobs, type Completion } from './job-lease-repository.ts'
import type { JobsExecutor } from './job-table.ts'

interface Waiting extends Completion {
  resolve(recorded: boolean): void
  reject(err: unknown): void
}

/**
 * Records a pool's successes in batches, like a group commit: the successes that arrive
 * while one batch is being written go together in the next. An idle pool writes each one
 * at once (after the current tick, which gathers jobs finishing together); a busy pool
 * writes one statement per batch instead of one per job.
 */
export class CompletionBatcher {
  private waiting: Waiting[] = []
  private flushing = false

  constructor(
    private readonly db: JobsExecutor,
    private readonly workerId: string,
    private readonly clock: Clock,
    private readonly maxBatch = 200,
  ) {}

  /** Whether the success was recorded (false: the job is no longer ours). */
  complete(completion: Completion): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...completion, resolve, reject })
      if (this.flushing) return
      this.flushing = true
      setImmediate(() => void this.flush())
    })
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch)
      try {
        const recorded = await completeJobs(this.db, this.workerId, batch, this.clock.now())
        for (const c of batch) c.resolve(recorded.has(c.id))
      } catch (err) {
        for (const c of batch) c.reject(err)
      }
    }
    this.flushing = false
  }
}
