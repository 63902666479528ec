import type { Kysely } from 'kysely'
import Type, { type Static } from 'typebox'
import { defineService } from '../../kit/service.ts'
import { tasksAdmin } from './admin-model.ts'
import { playsCli } from './cli.ts'
import { createPlaysMetrics } from './metrics.ts'
import { playsMigrations } from './migrations/index.ts'
import { processTaskHandler, taskExhausted } from './process-task.ts'
import { countByStatus, type PlaysTables } from './repository.ts'
import { PlaysStorage } from './storage.ts'
import { taskRoutes } from './task-routes.ts'
import { PROCESS_JOB, PlaysTasks } from './tasks.ts'
import { uploadRoutes } from './upload-routes.ts'

export const PlaysConfig = Type.Object({
  PLAYS_MEMORY_MB: Type.Number({ default: 256, minimum: 0.25, description: 'memory for aggregating, shared by the tasks running at once in a process (MiB); past it, rows go to partitions on disk' }),
  PLAYS_CONCURRENCY: Type.Integer({ default: 1, minimum: 1, maximum: 16, description: 'tasks run at once per worker process' }),
  PLAYS_THREADS: Type.Integer({ default: 0, minimum: 0, maximum: 16, description: 'threads per task; 0: one per core, at most 4' }),
})
type PlaysConfig = Static<typeof PlaysConfig>

const MAX_ATTEMPTS = 3

export const playsService = defineService<PlaysConfig>({
  name: 'plays',
  description: 'Song-plays CSV uploads of any size, summed per (song, date) in background tasks, sorted results to download',
  config: PlaysConfig,
  migrations: playsMigrations,
  cli: playsCli,
  create(ctx) {
    const db = ctx.database.db as Kysely<PlaysTables>
    const storage = new PlaysStorage(ctx.filesDir)
    const tasks = new PlaysTasks(db, ctx.jobs, storage, ctx.clock, ctx.log)
    const metrics = createPlaysMetrics(ctx.metrics, () => countByStatus(db))
    const { PLAYS_MEMORY_MB, PLAYS_CONCURRENCY, PLAYS_THREADS } = ctx.config
    const budgetBytes = Math.floor((PLAYS_MEMORY_MB * 1024 * 1024) / PLAYS_CONCURRENCY)
    return {
      async routes(app) {
        await app.register(uploadRoutes(tasks))
        await app.register(taskRoutes(tasks))
      },
      jobs: {
        [PROCESS_JOB]: {
          handler: processTaskHandler({ db, storage, clock: ctx.clock, metrics, budgetBytes, threads: PLAYS_THREADS, maxAttempts: MAX_ATTEMPTS }),
          concurrency: PLAYS_CONCURRENCY,
          maxAttempts: MAX_ATTEMPTS,
          onExhausted: taskExhausted({ db, storage, clock: ctx.clock }),
        },
      },
      start: () => storage.init(),
      status: async () => ({ tasks: await countByStatus(db), memoryMb: PLAYS_MEMORY_MB, concurrency: PLAYS_CONCURRENCY, threads: PLAYS_THREADS }),
      admin: [tasksAdmin({ db, tasks })],
    }
  },
})
