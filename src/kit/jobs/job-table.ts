import type { Generated, Kysely, Transaction } from 'kysely'
import type { JobRecord, JobStatus } from './types.ts'

export interface JobsTable {
  id: Generated<number>
  type: string
  payload: string
  status: JobStatus
  key: string | null
  attempts: number
  max_attempts: number | null
  run_at: number
  locked_by: string | null
  locked_until: number | null
  progress: string | null
  result: string | null
  error: string | null
  /** boolean on PostgreSQL, 0/1 on SQLite; defaults to false. */
  cancel_requested: Generated<boolean | number>
  created_at: number
  updated_at: number
  started_at: number | null
  finished_at: number | null
}

export interface JobsDB {
  jobs: JobsTable
}

export type JobsExecutor = Kysely<JobsDB> | Transaction<JobsDB>

export type JobRow = { [K in keyof JobsTable]: JobsTable[K] extends Generated<infer T> ? T : JobsTable[K] }

export const DEFAULT_MAX_ATTEMPTS = 3

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text)
}

export function toJobRecord(row: JobRow): JobRecord {
  return {
    id: Number(row.id),
    type: row.type,
    payload: parseJson(row.payload),
    status: row.status,
    key: row.key,
    attempts: Number(row.attempts),
    maxAttempts: row.max_attempts === null ? DEFAULT_MAX_ATTEMPTS : Number(row.max_attempts),
    runAt: Number(row.run_at),
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    progress: parseJson(row.progress),
    result: parseJson(row.result),
    error: row.error,
    cancelRequested: Boolean(row.cancel_requested),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  }
}
