import type { Kysely } from 'kysely'
import type { Clock } from '../../kit/clock.ts'
import { JobCancelledError, type JobHelpers } from '../../kit/jobs/types.ts'
import { processFile, TaskFailure } from './engine/process-file.ts'
import type { PlaysMetrics } from './metrics.ts'
import * as repo from './repository.ts'
import type { PlaysTables } from './repository.ts'
import type { PlaysStorage } from './storage.ts'
import type { TaskPayload } from './tasks.ts'

export interface ProcessDeps {
  db: Kysely<PlaysTables>
  storage: PlaysStorage
  clock: Clock
  metrics: PlaysMetrics
  budgetBytes: number
  threads: number
  maxAttempts: number
}

const PROGRESS_EVERY_MS = 250

function taskIdOf(payload: unknown): string | undefined {
  const taskId = (payload as Partial<TaskPayload> | null)?.taskId
  return typeof taskId === 'string' ? taskId : undefined
}

/**
 * The `plays.process` job. At least once: a rerun (after a crash) starts the task over
 * from its input, in a fresh scratch directory, and the result appears by rename only
 * when complete, so a rerun ends DONE with the right output whatever the crash left.
 */
export function processTaskHandler(deps: ProcessDeps) {
  const { db, storage, clock, metrics } = deps
  return async (payload: unknown, helpers: JobHelpers): Promise<unknown> => {
    const taskId = taskIdOf(payload)
    if (taskId === undefined) throw new Error('plays.process payload must be {"taskId": string}')
    const task = await repo.findTask(db, taskId)
    if (!task || !(await repo.markProcessing(db, taskId, clock.now()))) return { skipped: 'the task has already ended' }

    const started = performance.now()
    let lastWrite = 0
    let writing: Promise<void> | undefined
    const onProgress = (bytesRead: number, totalBytes: number): void => {
      const now = clock.now()
      if (writing || now - lastWrite < PROGRESS_EVERY_MS) return
      lastWrite = now
      // helpers.progress is also how a cancel from another process reaches this one.
      writing = Promise.all([repo.recordProgress(db, taskId, bytesRead, now), helpers.progress({ bytesRead, totalBytes })])
        .then(() => undefined)
        .catch((err: unknown) => helpers.log.debug({ err }, 'progress not recorded'))
        .finally(() => (writing = undefined))
    }
    const seconds = (): number => (performance.now() - started) / 1000
    try {
      const result = await processFile({
        input: storage.input(taskId),
        output: storage.output(taskId),
        workDir: storage.work(taskId),
        budgetBytes: deps.budgetBytes,
        threads: deps.threads,
        skip: task.onError === 'skip',
        signal: helpers.signal,
        onProgress,
      })
      await writing
      const outcome = { rowsRead: result.rows, rowsSkipped: result.skipped, skippedExamples: result.problems, outputRows: result.outputRows, outputBytes: result.outputBytes, spills: result.spills }
      if (!(await repo.markDone(db, taskId, outcome, clock.now()))) {
        await storage.removeOutput(taskId)
        return { cancelled: true }
      }
      await storage.removeInput(taskId)
      metrics.rows.inc(result.rows)
      metrics.skippedRows.inc(result.skipped)
      metrics.bytes.inc(result.inputBytes)
      metrics.spills.inc(result.spills)
      metrics.duration.observe({ outcome: 'done' }, seconds())
      return { ...outcome, threads: result.threads }
    } catch (error) {
      await writing
      if (error instanceof TaskFailure) {
        await repo.markEnded(db, taskId, 'FAILED', error.message, clock.now())
        await storage.removeInput(taskId)
        metrics.duration.observe({ outcome: 'failed' }, seconds())
        return { failed: error.message }
      }
      if (error instanceof JobCancelledError || helpers.signal.reason instanceof JobCancelledError) {
        await repo.markEnded(db, taskId, 'CANCELLED', null, clock.now())
        await storage.removeAll(taskId)
        metrics.duration.observe({ outcome: 'cancelled' }, seconds())
        throw error
      }
      if (!helpers.signal.aborted && helpers.attempt >= deps.maxAttempts) {
        await repo.markEnded(db, taskId, 'FAILED', 'processing failed unexpectedly; the server log has the details', clock.now())
        metrics.duration.observe({ outcome: 'failed' }, seconds())
      }
      throw error
    }
  }
}

/**
 * The `plays.process` job's `onExhausted`: the worker died during the last attempt, so
 * the task is FAILED (it would otherwise stay PROCESSING for ever) and its files go.
 */
export function taskExhausted(deps: Pick<ProcessDeps, 'db' | 'storage' | 'clock'>) {
  return async (payload: unknown): Promise<void> => {
    const taskId = taskIdOf(payload)
    if (taskId === undefined) return
    await repo.markEnded(deps.db, taskId, 'FAILED', 'processing stopped: the worker running the last attempt died; upload the file again', deps.clock.now())
    await deps.storage.removeAll(taskId)
  }
}
