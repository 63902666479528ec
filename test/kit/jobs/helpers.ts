import { setTimeout as sleep } from 'node:timers/promises'
import { migrateToLatest } from '../../../src/kit/db/migrate.ts'
import type { Database } from '../../../src/kit/db/database.ts'
import { busMigrations } from '../../../src/kit/bus/migrations.ts'
import { jobsMigrations } from '../../../src/kit/jobs/migrations.ts'
import type { JobQueue } from '../../../src/kit/jobs/queue.ts'
import type { JobRecord } from '../../../src/kit/jobs/types.ts'
import type { WorkerPool, WorkerPoolOptions } from '../../../src/kit/jobs/worker-pool.ts'

export async function migrateKit(database: Database): Promise<void> {
  await migrateToLatest(database.db, database.dialect, 'kit', { ...jobsMigrations, ...busMigrations })
}

/** Polls `check` until it returns something truthy; fails after a generous timeout, never asserts on time. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/** A promise the test opens when it chooses, to hold handlers mid-run. */
export class Gate {
  private release: () => void = () => {}
  readonly opened: Promise<void> = new Promise((resolve) => (this.release = resolve))
  open(): void {
    this.release()
  }
}

/** Pools that poll often and retry at once, so tests wait on conditions, not on timers. */
export const fast: WorkerPoolOptions = { pollIntervalMs: 10, backoffBaseMs: 1 }

export async function withPool<T>(pool: WorkerPool, fn: () => Promise<T>): Promise<T> {
  pool.start()
  try {
    return await fn()
  } finally {
    await pool.stop(0)
  }
}

export function finished(queue: JobQueue, id: number): Promise<JobRecord> {
  return waitFor(`job ${id} to finish`, async () => {
    const job = await queue.get(id)
    return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined
  })
}
