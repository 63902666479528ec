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

export async function claimJobs(db: JobsExecutor, dialect: Dialect, claim: ClaimRequest): Promise<JobRecord[]> {
  const due = db
    .selectFrom('jobs')
    .select('id')
    .where('type', '=', claim.type)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', claim.now)]),
        // A running job whose lease ran out: its worker died or hung; this is a new attempt.
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', claim.now)]),
      ]),
    )
    .orderBy('run_at')
    .orderBy('id')
    .limit(claim.limit)
  const candidates = dialect === 'postgres' ? due.forUpdate().skipLocked() : due
  const rows = await db
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
    .where('id', 'in', candidates)
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

export async function completeJob(db: JobsExecutor, lease: Lease, result: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ ...released, status: 'succeeded', result, error: null, finished_at: now, updated_at: now })
    .where((eb) => eb.and(owned(lease)))
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
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
export async function failExhaustedJob(db: JobsExecutor, lease: Lease, error: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set((eb) => ({ ...released, status: 'failed', attempts: eb('attempts', '-', 1), error, finished_at: now, updated_at: now }))
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
