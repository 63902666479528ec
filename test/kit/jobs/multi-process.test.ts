import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { test } from 'node:test'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { createTestDatabase, postgresSkipReason } from '../../helpers/databases.ts'
import { migrateKit, waitFor } from './helpers.ts'

const root = path.resolve(import.meta.dirname, '../../..')
const JOBS = 500

function startWorker(env: Record<string, string>, workerId: string): { child: ChildProcess; ready: Promise<void>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/jobs-worker-process.ts'], {
    cwd: root,
    env: { ...process.env, ...env, WORKER_ID: workerId },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
    child.once('exit', (code) => reject(new Error(`worker ${workerId} exited (${code}) before it was ready: ${stderr}`)))
  })
  return { child, ready, stderr: () => stderr }
}

test('two worker processes on one PostgreSQL database run every job once per attempt', async (t) => {
  const skip = await postgresSkipReason()
  if (skip) return t.skip(skip)
  const testDb = await createTestDatabase('postgres')
  const { database } = testDb
  const workers: ReturnType<typeof startWorker>[] = []
  try {
    await migrateKit(database)
    await database.db.schema
      .createTable('job_runs')
      .addColumn('job_id', 'bigint', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('worker', 'text', (c) => c.notNull())
      .execute()
    workers.push(startWorker(testDb.env, 'one'), startWorker(testDb.env, 'two'))
    await Promise.all(workers.map((w) => w.ready))

    const queue = new JobQueue(database)
    // Every tenth job fails its first attempt, so retries cross processes too.
    const created = await queue.enqueueMany(Array.from({ length: JOBS }, (_, i) => ({ type: 'record', payload: { failFirst: i % 10 === 0 }, key: `job-${i}` })))
    assert.equal(created, JOBS)
    await waitFor('every job to finish', async () => (await queue.counts())['record']?.succeeded === JOBS, 90_000)

    for (const w of workers) w.child.kill('SIGTERM')
    for (const w of workers) {
      const [code] = w.child.exitCode === null ? ((await once(w.child, 'exit')) as [number | null]) : [w.child.exitCode]
      assert.equal(code, 0, w.stderr())
    }

    const jobs = await queue.list({ type: 'record', limit: 1000 })
    assert.equal(jobs.length, JOBS)
    const runs = await database.db.selectFrom('job_runs').select(['job_id', 'attempt', 'worker']).execute()
    const attemptsByJob = new Map<number, number[]>()
    for (const run of runs) attemptsByJob.set(Number(run.job_id), [...(attemptsByJob.get(Number(run.job_id)) ?? []), Number(run.attempt)])
    for (const job of jobs) {
      const failFirst = (job.payload as { failFirst: boolean }).failFirst
      assert.equal(job.status, 'succeeded')
      assert.equal(job.attempts, failFirst ? 2 : 1, `job ${job.id}`)
      assert.deepEqual(attemptsByJob.get(job.id)?.sort(), failFirst ? [1, 2] : [1], `runs of job ${job.id}`)
    }
    assert.equal(runs.length, JOBS + JOBS / 10)
    const byWorker = new Map<string, number>()
    for (const run of runs) byWorker.set(run.worker, (byWorker.get(run.worker) ?? 0) + 1)
    assert.ok((byWorker.get('one') ?? 0) > 0 && (byWorker.get('two') ?? 0) > 0, `runs per worker: ${JSON.stringify([...byWorker])}`)
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL')
    await testDb.cleanup()
  }
})
