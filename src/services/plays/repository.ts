import type { Kysely, Transaction } from 'kysely'
import type { OnError, SkippedRow, Task, TaskOutcome, TaskStatus } from './task.ts'

interface TaskTable {
  id: string
  status: TaskStatus
  file_name: string
  on_error: OnError
  job_id: number | null
  input_bytes: number
  bytes_read: number
  rows_read: number | null
  rows_skipped: number | null
  skipped_examples: string | null
  output_rows: number | null
  output_bytes: number | null
  spills: number | null
  error: string | null
  created_at: number
  updated_at: number
  started_at: number | null
  finished_at: number | null
}
export interface PlaysTables {
  plays_task: TaskTable
}
export type PlaysDb = Kysely<PlaysTables> | Transaction<PlaysTables>

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

function toTask(row: TaskTable): Task {
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    onError: row.on_error,
    jobId: num(row.job_id),
    inputBytes: Number(row.input_bytes),
    bytesRead: Number(row.bytes_read),
    rowsRead: num(row.rows_read),
    rowsSkipped: num(row.rows_skipped),
    skippedExamples: row.skipped_examples ? (JSON.parse(row.skipped_examples) as SkippedRow[]) : [],
    outputRows: num(row.output_rows),
    outputBytes: num(row.output_bytes),
    spills: num(row.spills),
    error: row.error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    startedAt: num(row.started_at),
    finishedAt: num(row.finished_at),
  }
}

export async function insertTask(db: PlaysDb, task: { id: string; fileName: string; onError: OnError; inputBytes: number }, now: number): Promise<void> {
  await db
    .insertInto('plays_task')
    .values({ id: task.id, status: 'RECEIVED', file_name: task.fileName, on_error: task.onError, job_id: null, input_bytes: task.inputBytes, bytes_read: 0, rows_read: null, rows_skipped: null, skipped_examples: null, output_rows: null, output_bytes: null, spills: null, error: null, created_at: now, updated_at: now, started_at: null, finished_at: null })
    .execute()
}

export async function setJobId(db: PlaysDb, id: string, jobId: number): Promise<void> {
  await db.updateTable('plays_task').set({ job_id: jobId }).where('id', '=', id).execute()
}

export async function findTask(db: PlaysDb, id: string): Promise<Task | undefined> {
  const row = await db.selectFrom('plays_task').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toTask(row) : undefined
}

export async function listTasks(db: PlaysDb, limit: number, offset: number): Promise<{ tasks: Task[]; total: number }> {
  const rows = await db.selectFrom('plays_task').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()
  const count = await db.selectFrom('plays_task').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return { tasks: rows.map(toTask), total: Number(count.n) }
}

export async function countByStatus(db: PlaysDb): Promise<Record<TaskStatus, number>> {
  const rows = await db.selectFrom('plays_task').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute()
  const counts: Record<TaskStatus, number> = { RECEIVED: 0, PROCESSING: 0, DONE: 0, FAILED: 0, CANCELLED: 0 }
  for (const r of rows) counts[r.status] = Number(r.n)
  return counts
}

/** RECEIVED or PROCESSING → PROCESSING (a rerun after a crash starts over); false when it has finished. */
export async function markProcessing(db: PlaysDb, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('plays_task')
    .set({ status: 'PROCESSING', bytes_read: 0, started_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['RECEIVED', 'PROCESSING'])
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

export async function recordProgress(db: PlaysDb, id: string, bytesRead: number, now: number): Promise<void> {
  await db.updateTable('plays_task').set({ bytes_read: bytesRead, updated_at: now }).where('id', '=', id).where('status', '=', 'PROCESSING').execute()
}

/** Only a task still PROCESSING becomes DONE: false when it was cancelled meanwhile. */
export async function markDone(db: PlaysDb, id: string, outcome: TaskOutcome, now: number): Promise<boolean> {
  const r = await db
    .updateTable('plays_task')
    .set({
      status: 'DONE',
      bytes_read: (eb) => eb.ref('input_bytes'),
      rows_read: outcome.rowsRead,
      rows_skipped: outcome.rowsSkipped,
      skipped_examples: JSON.stringify(outcome.skippedExamples),
      output_rows: outcome.outputRows,
      output_bytes: outcome.outputBytes,
      spills: outcome.spills,
      error: null,
      finished_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'PROCESSING')
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** An unfinished task ends FAILED or CANCELLED; false when it had already finished. */
export async function markEnded(db: PlaysDb, id: string, status: 'FAILED' | 'CANCELLED', error: string | null, now: number): Promise<boolean> {
  const r = await db
    .updateTable('plays_task')
    .set({ status, error, finished_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['RECEIVED', 'PROCESSING'])
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}
