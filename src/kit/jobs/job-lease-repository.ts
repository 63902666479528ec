import { sql } from 'kysely'
import type { Dialect } from '../db/database.ts'
import { toJobRecord, type JobsExecutor } from './job-table.ts'
import type { JobRecord } from './types.ts'

/**
 * Worker-side access to the `jobs` table. A worker owns a job while the row is running
 * with its worker id and attempt number; every write after the claim checks that, so
 * a worker that lost its lease (and maybe the job to another worker) changes nothing.
 */
export interface Lease {
  id: number
  workerId: string
  attempt: number
}

export interface ClaimRequest {
  type: string
  limit: number
  workerId: string
  now: number
  leaseMs: number
  /** Applied to jobs enqueued without max_attempts. */
  maxAttempts: number
}

/**
 * Two index-ordered halves, each using one partial index (claim-indexes-migration.ts):
 * running jobs whose lease ran out (their worker died or hung; this is a new attempt),
 * then due queued jobs. One `or` over both would leave the planner to sort every due row,
 * or on SQLite to scan the finished rows too, on every claim. One statement: one round trip.
 */
export async function claimJobs(db: JobsExecutor, dialect: Dialect, claim: ClaimRequest): Promise<JobRecord[]> {
  const lock = dialect === 'postgres'
  const rows = await db
    .with('expired', (qc) => {
      const q = qc
        .selectFrom('jobs')
        .select('id')
        .where('type', '=', claim.type)
        .where('status', '=', sql.lit('running'))
        .where('locked_until', '<', claim.now)
        .orderBy('locked_until')
        .limit(claim.limit)
      return lock ? q.forUpdate().skipLocked() : q
    })
    .with('due', (qc) => {
      const q = qc
        .selectFrom('jobs')
        .select('id')
        .where('type', '=', claim.type)
        .where('status', '=', sql.lit('queued'))
        .where('run_at', '<=', claim.now)
        .orderBy('run_at')
        .orderBy('id')
        .limit(claim.limit)
      return lock ? q.forUpdate().skipLocked() : q
    })
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      max_attempts: eb.fn.coalesce('max_attempts', eb.val(claim.maxAttempts)),
      locked_by: claim.workerId,
      locked_until: claim.now + claim.leaseMs,
      started_at: claim.now,
      updated_at: claim.now,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom((sub) => sub.selectFrom('expired').select('id').unionAll(sub.selectFrom('due').select('id')).as('candidates'))
        .select('candidates.id')
        .limit(claim.limit),
    )
    .returningAll()
    .execute()
  return rows.map(toJobRecord).sort((a, b) => a.runAt - b.runAt || a.id - b.id)
}

function owned(lease: Lease) {
  return { id: lease.id, locked_by: lease.workerId, attempts: lease.attempt, status: 'running' as const }
}

/** Whether cancellation was requested; undefined when the job is no longer ours. */
export async function renewLease(db: JobsExecutor, lease: Lease, until: number, now: number): Promise<{ cancelRequested: boolean } | undefined> {
  const row = await db
    .updateTable('jobs')
    .set({ locked_until: until, updated_at: now })
    .where((eb) => eb.and(owned(lease)))
    .returning('cancel_requested')
    .executeTakeFirst()
  return row ? { cancelRequested: Boolean(row.cancel_requested) } : undefined
}

export async function recordProgress(db: JobsExecutor, lease: Lease, progress: string, now: number): Promise<{ cancelRequested: boolean } | undefined> {
  const row = await db
    .updateTable('jobs')
    .set({ progress, updated_at: now })
    .where((eb) => eb.and(owned(lease)))
    .returning('cancel_requested')
    .executeTakeFirst()
  return row ? { cancelRequested: Boolean(row.cancel_requested) } : undefined
}

const released = { locked_by: null, locked_until: null }

export interface Completion {
  id: number
  attempt: number
  result: string
}

/**
 * Records several successes of one worker in one statement; each row only if the worker
 * still owns it (same check as `owned`). Returns the ids recorded.
 */
export async function completeJobs(db: JobsExecutor, workerId: string, done: Completion[], now: number): Promise<Set<number>> {
  if (done.length === 0) return new Set()
  const results = new Set(done.map((d) => d.result))
  // Trivial jobs mostly return the same (null): one value then, a CASE only when they differ.
  const result = results.size === 1 ? done[0]!.result : sql<string>`case ${sql.ref('id')} ${sql.join(done.map((d) => sql`when ${d.id} then ${d.result}`), sql` `)} end`
  const rows = await db
    .updateTable('jobs')
    .set({ ...released, status: 'succeeded', result, error: null, finished_at: now, updated_at: now })
    .where('id', 'in', done.map((d) => d.id))
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .where(sql<boolean>`(${sql.ref('id')}, ${sql.ref('attempts')}) in (${sql.join(done.map((d) => sql`(${d.id}, ${d.attempt})`))})`)
    .returning('id')
    .execute()
  return new Set(rows.map((r) => Number(r.id)))
}

export type FailureOutcome = 'queued' | 'failed' | 'cancelled'

/**
 * Back to the queue at `retryAt`, or failed when null; cancelled instead when cancellation
 * was requested meanwhile. Undefined when the job is no longer ours.
 */
export async function failJob(db: JobsExecutor, lease: Lease, error: string, retryAt: number | null, now: number): Promise<FailureOutcome | undefined> {
  const retry = retryAt !== null
  const r = await db
    .updateTable('jobs')
    .set({
      ...released,
      error,
      updated_at: now,
      ...(retry ? { status: 'queued', run_at: retryAt } : { status: 'failed', finished_at: now }),
    })
    .where((eb) => eb.and(owned(lease)))
    .where(sql<boolean>`not cancel_requested`)
    .executeTakeFirst()
  if (r.numUpdatedRows > 0n) return retry ? 'queued' : 'failed'
  return (await cancelOwnedJob(db, lease, error, now)) ? 'cancelled' : undefined
}

export async function cancelOwnedJob(db: JobsExecutor, lease: Lease, error: string | null, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ ...released, status: 'cancelled', error, finished_at: now, updated_at: now })
    .where((eb) => eb.and(owned(lease)))
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** A claimed job whose previous worker died on its last attempt: failed without running again. */
export async function failExhaustedJob(db: JobsExecutor, lease: Lease, maxAttempts: number, error: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    // Claims past the last attempt ran no handler (an onExhausted hook may have thrown once): not counted.
    .set({ ...released, status: 'failed', attempts: maxAttempts, error, finished_at: now, updated_at: now })
    .where((eb) => eb.and(owned(lease)))
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** Shutdown: the attempt did not happen as far as the job is concerned; another worker takes it now. */
export async function handBackJob(db: JobsExecutor, lease: Lease, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set((eb) => ({ ...released, status: 'queued', attempts: eb('attempts', '-', 1), run_at: now, updated_at: now }))
    .where((eb) => eb.and(owned(lease)))
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}
