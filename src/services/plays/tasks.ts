import type { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../../kit/clock.ts'
import type { JobQueue } from '../../kit/jobs/queue.ts'
import * as repo from './repository.ts'
import type { PlaysTables } from './repository.ts'
import type { PlaysStorage } from './storage.ts'
import { finished, type OnError, type Task } from './task.ts'

export const PROCESS_JOB = 'plays.process'

export interface TaskPayload {
  taskId: string
}

/** The service's operations on tasks, between the routes and the repository. */
export class PlaysTasks {
  constructor(
    private readonly db: Kysely<PlaysTables>,
    private readonly jobs: JobQueue,
    readonly storage: PlaysStorage,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Stores the upload, then records the task and its job in one transaction. */
  async submit(source: Readable, fileName: string, onError: OnError): Promise<Task> {
    const { id, bytes } = await this.storage.saveUpload(source)
    try {
      await this.db.transaction().execute(async (trx) => {
        await repo.insertTask(trx, { id, fileName, onError, inputBytes: bytes }, this.clock.now())
        const job = await this.jobs.enqueue(PROCESS_JOB, { taskId: id } satisfies TaskPayload, { key: `plays:${id}`, trx })
        await repo.setJobId(trx, id, job.id)
      })
    } catch (error) {
      await this.storage.removeInput(id)
      throw error
    }
    this.jobs.notify(PROCESS_JOB)
    return (await repo.findTask(this.db, id))!
  }

  async get(id: string): Promise<Task | undefined> {
    const task = await repo.findTask(this.db, id)
    return task && !finished(task.status) ? this.reconcile(task) : task
  }

  async list(page: number, pageSize: number): Promise<{ tasks: Task[]; total: number }> {
    const { tasks, total } = await repo.listTasks(this.db, pageSize, (page - 1) * pageSize)
    return { tasks: await Promise.all(tasks.map(async (t) => (finished(t.status) ? t : this.reconcile(t)))), total }
  }

  /**
   * Cancels an unfinished task: a queued job is dropped at once, a running one stops at
   * its next check (at once in this process) and removes its partial output.
   */
  async cancel(id: string): Promise<{ task: Task; cancelled: boolean } | undefined> {
    const task = await this.get(id)
    if (!task) return undefined
    if (finished(task.status)) return { task, cancelled: false }
    const cancelled = await repo.markEnded(this.db, id, 'CANCELLED', null, this.clock.now())
    if (task.jobId !== null) {
      const job = await this.jobs.cancel(task.jobId)
      if (job?.status !== 'running') await this.storage.removeInput(id)
    }
    return { task: (await repo.findTask(this.db, id))!, cancelled }
  }

  /**
   * A task whose job ended without the handler recording it (its worker died on the last
   * attempt, or it failed unexpectedly every time) takes the job's end.
   */
  private async reconcile(task: Task): Promise<Task> {
    if (task.jobId === null) return task
    const job = await this.jobs.get(task.jobId)
    if (job && job.status !== 'failed' && job.status !== 'cancelled') return task
    const status = job?.status === 'cancelled' ? 'CANCELLED' : 'FAILED'
    const error = status === 'FAILED' ? 'processing failed unexpectedly; the server log has the details' : null
    this.log.warn({ taskId: task.id, jobId: task.jobId, jobStatus: job?.status ?? 'missing' }, 'task took the end of its job')
    await repo.markEnded(this.db, task.id, status, error, this.clock.now())
    await this.storage.removeInput(task.id)
    return (await repo.findTask(this.db, task.id))!
  }
}
