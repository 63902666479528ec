import { sql } from 'kysely'
import { toJobRecord, type JobsExecutor, type JobsTable } from './job-table.ts'
import { jobStatuses, type JobCounts, type JobRecord, type JobStatus, type JobToEnqueue, type ListJobsOptions } from './types.ts'

/** Queue-side access to the `jobs` table; the worker side is in job-lease-repository.ts. */

type NewJobRow = Omit<JobsTable, 'id' | 'cancel_requested'>

export function newJobRow(job: JobToEnqueue, maxAttempts: number | undefined, now: number): NewJobRow {
  return {
    type: job.type,
    payload: JSON.stringify(job.payload ?? null),
    status: 'queued',
    key: job.key ?? null,
    attempts: 0,
    max_attempts: job.maxAttempts ?? maxAttempts ?? null,
    run_at: job.runAt ?? now,
    locked_by: null,
    locked_until: null,
    progress: null,
    result: null,
    error: null,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
  }
}

/** The new job's id, or undefined when a job with the same key exists. */
export async function insertJob(db: JobsExecutor, row: NewJobRow): Promise<number | undefined> {
  const inserted = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted ? Number(inserted.id) : undefined
}

/** How many of the rows were new (the others had a key that exists). */
export async function insertJobs(db: JobsExecutor, rows: NewJobRow[]): Promise<number> {
  if (rows.length === 0) return 0
  const inserted = await db
    .insertInto('jobs')
    .values(rows)
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .execute()
  return inserted.length
}

export async function findJobIdByKey(db: JobsExecutor, key: string): Promise<number | undefined> {
  const row = await db.selectFrom('jobs').select('id').where('key', '=', key).executeTakeFirst()
  return row ? Number(row.id) : undefined
}

export async function getJob(db: JobsExecutor, id: number): Promise<JobRecord | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toJobRecord(row) : undefined
}

export async function listJobs(db: JobsExecutor, options: ListJobsOptions): Promise<JobRecord[]> {
  let query = db.selectFrom('jobs').selectAll()
  if (options.type !== undefined) query = query.where('type', '=', options.type)
  if (options.status !== undefined) query = query.where('status', '=', options.status)
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(Math.max(options.offset ?? 0, 0))
    .execute()
  return rows.map(toJobRecord)
}

/**
 * One statement, so a job moving from queued to running meanwhile is still caught:
 * a queued job is cancelled at once, a running one is asked to stop.
 */
export async function cancelJob(db: JobsExecutor, id: number, now: number): Promise<JobRecord | undefined> {
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: eb.case().when('status', '=', 'queued').then('cancelled' as JobStatus).else(eb.ref('status')).end(),
      cancel_requested: eb.case().when('status', '=', 'running').then(sql<boolean>`true`).else(eb.ref('cancel_requested')).end(),
      finished_at: eb.case().when('status', '=', 'queued').then(now).else(eb.ref('finished_at')).end(),
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst()
  return row ? toJobRecord(row) : getJob(db, id)
}

export async function countJobs(db: JobsExecutor): Promise<JobCounts> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['type', 'status', eb.fn.countAll<number>().as('n')])
    .groupBy(['type', 'status'])
    .execute()
  const counts: JobCounts = {}
  for (const row of rows) {
    counts[row.type] ??= Object.fromEntries(jobStatuses.map((s) => [s, 0])) as Record<JobStatus, number>
    counts[row.type]![row.status] = Number(row.n)
  }
  return counts
}

export async function purgeFinishedJobs(db: JobsExecutor, finishedBefore: number): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('status', 'in', ['succeeded', 'failed', 'cancelled'])
    .where('finished_at', '<', finishedBefore)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** A queued or running job of the type whose key starts with the prefix. */
export async function findActiveJobByKeyPrefix(db: JobsExecutor, type: string, keyPrefix: string): Promise<JobRecord | undefined> {
  const row = await db
    .selectFrom('jobs')
    .selectAll()
    .where('type', '=', type)
    .where('status', 'in', ['queued', 'running'])
    // substr rather than LIKE: no wildcard in a name can widen the match.
    .where(sql<string>`substr(key, 1, ${sql.lit(keyPrefix.length)})`, '=', keyPrefix)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return row ? toJobRecord(row) : undefined
}
