import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FakeClock } from '../../../src/kit/clock.ts'
import { claimJobs, completeJobs, type ClaimRequest } from '../../../src/kit/jobs/job-lease-repository.ts'
import type { JobsExecutor } from '../../../src/kit/jobs/job-table.ts'
import { JobQueue } from '../../../src/kit/jobs/queue.ts'
import { eachDialect } from '../../helpers/databases.ts'
import { migrateKit } from './helpers.ts'

const LEASE_MS = 30_000

test('a claim takes expired leases first, then due jobs in run_at order, never finished, future or other jobs, up to its limit', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const db = database.db as JobsExecutor
    const request = (workerId: string, limit: number): ClaimRequest => ({ type: 'work', limit, workerId, now: clock.now(), leaseMs: LEASE_MS, maxAttempts: 3 })
    const t0 = clock.now()

    const { id: abandoned } = await queue.enqueue('work', 'abandoned', { runAt: t0 - 10_000 })
    assert.deepEqual((await claimJobs(db, database.dialect, request('dead', 1))).map((j) => j.id), [abandoned])
    const { id: done } = await queue.enqueue('work', 'done', { runAt: t0 - 9_000 })
    const [claimed] = await claimJobs(db, database.dialect, request('w0', 1))
    assert.equal(claimed?.id, done)
    assert.deepEqual([...(await completeJobs(db, 'w0', [{ id: done, attempt: 1, result: 'null' }], clock.now()))], [done])

    clock.advance(LEASE_MS + 1)
    await queue.enqueue('work', 'late', { runAt: clock.now() - 1_000 })
    await queue.enqueue('work', 'early', { runAt: clock.now() - 5_000 })
    const third = await queue.enqueue('work', 'third', { runAt: clock.now() })
    await queue.enqueue('work', 'future', { runAt: clock.now() + 1_000 })
    await queue.enqueue('other', 'another type', { runAt: t0 - 20_000 })

    const jobs = await claimJobs(db, database.dialect, request('w1', 3))
    assert.deepEqual(jobs.map((j) => j.payload), ['abandoned', 'early', 'late'])
    assert.deepEqual(jobs.map((j) => [j.status, j.lockedBy, j.lockedUntil]), jobs.map(() => ['running', 'w1', clock.now() + LEASE_MS]))
    assert.deepEqual(jobs.map((j) => j.attempts), [2, 1, 1])

    const rest = await claimJobs(db, database.dialect, request('w2', 10))
    assert.deepEqual(rest.map((j) => j.id), [third.id])
    assert.equal((await queue.get(done))?.status, 'succeeded')
  }))

test('successes recorded in one batch keep each result, and skip a job the worker no longer owns', (t) =>
  eachDialect(t, async ({ database }) => {
    await migrateKit(database)
    const clock = new FakeClock()
    const queue = new JobQueue(database, { clock })
    const db = database.db as JobsExecutor
    const claim = (workerId: string) => claimJobs(db, database.dialect, { type: 'work', limit: 10, workerId, now: clock.now(), leaseMs: LEASE_MS, maxAttempts: 3 })
    await queue.enqueueMany([1, 2, 3].map((n) => ({ type: 'work', payload: n })))
    const [a, b, c] = await claim('w1')
    assert.ok(a && b && c)
    // c's lease runs out and another worker takes it: w1's success must not overwrite it.
    await db.updateTable('jobs').set({ locked_until: clock.now() - 1 }).where('id', '=', c.id).execute()
    assert.deepEqual((await claim('w2')).map((j) => j.id), [c.id])

    const recorded = await completeJobs(
      db,
      'w1',
      [a, b, c].map((j) => ({ id: j.id, attempt: j.attempts, result: JSON.stringify({ n: j.payload }) })),
      clock.now(),
    )
    assert.deepEqual([...recorded].sort(), [a.id, b.id].sort())
    assert.deepEqual((await queue.get(a.id))?.result, { n: 1 })
    assert.deepEqual((await queue.get(b.id))?.result, { n: 2 })
    const stolen = await queue.get(c.id)
    assert.deepEqual([stolen?.status, stolen?.lockedBy, stolen?.result], ['running', 'w2', null])
    // A stale attempt number is not ours either.
    assert.equal((await completeJobs(db, 'w2', [{ id: c.id, attempt: 1, result: 'null' }], clock.now())).size, 0)
    assert.equal((await completeJobs(db, 'w2', [{ id: c.id, attempt: 2, result: 'null' }], clock.now())).size, 1)
  }))
