import type { Kysely } from 'kysely'
import Type from 'typebox'
import type { AdminListQuery, AdminModel, AdminRow } from '../../kit/admin/admin-model.ts'
import { listTableRows } from '../../kit/admin/list-rows.ts'
import { ConflictError } from '../../kit/http/errors.ts'
import type { PlaysTables } from './repository.ts'
import type { PlaysTasks } from './tasks.ts'

/** Admin column (the API's name for it) → table column. */
const COLUMNS = {
  task_id: 'id',
  status: 'status',
  file_name: 'file_name',
  on_error: 'on_error',
  input_bytes: 'input_bytes',
  rows: 'rows_read',
  rows_skipped: 'rows_skipped',
  output_rows: 'output_rows',
  output_bytes: 'output_bytes',
  error: 'error',
  created_at: 'created_at',
  started_at: 'started_at',
  finished_at: 'finished_at',
}
const NUMERIC = ['input_bytes', 'rows', 'rows_skipped', 'output_rows', 'output_bytes', 'created_at', 'started_at', 'finished_at'] as const

/** The one change the admin makes: a task's status set to CANCELLED, which cancels it. */
const TaskChange = Type.Object({
  status: Type.Literal('CANCELLED', { description: 'CANCELLED cancels the task, as DELETE /v1/tasks/{id} does' }),
})

// PostgreSQL returns bigint columns as strings; NULL stays NULL.
function row(raw: AdminRow): AdminRow {
  const out: AdminRow = { ...raw }
  for (const name of NUMERIC) out[name] = raw[name] === null || raw[name] === undefined ? null : Number(raw[name])
  return out
}

/**
 * plays' tasks in the admin. The only write is a cancel, through the service's own
 * `cancel` (the job is dropped or stopped, partial files removed), exactly as the API's
 * DELETE does it.
 */
export function tasksAdmin(deps: { db: Kysely<PlaysTables>; tasks: PlaysTasks }): AdminModel {
  const { db, tasks } = deps
  const page = async (query: AdminListQuery) => {
    const found = await listTableRows(db, 'plays_task', COLUMNS, 'task_id', query)
    return { rows: found.rows.map(row), total: found.total }
  }
  const get = async (id: string | number) => (await page({ filter: { column: 'task_id', op: 'eq', value: String(id) }, offset: 0, limit: 1 })).rows[0]
  return {
    name: 'tasks',
    label: 'Tasks',
    description: 'Uploaded song-plays CSVs and their aggregation; sort by created to see the newest first.',
    table: 'plays_task',
    key: 'task_id',
    columns: [
      { name: 'task_id', label: 'task', type: 'string' },
      { name: 'status', type: 'string', editable: true },
      { name: 'file_name', label: 'file', type: 'string' },
      { name: 'on_error', label: 'on error', type: 'string' },
      { name: 'input_bytes', label: 'input bytes', type: 'integer' },
      { name: 'rows', type: 'integer' },
      { name: 'rows_skipped', label: 'rows skipped', type: 'integer' },
      { name: 'output_rows', label: 'output rows', type: 'integer' },
      { name: 'output_bytes', label: 'output bytes', type: 'integer' },
      { name: 'error', type: 'string' },
      { name: 'created_at', label: 'created', type: 'timestamp' },
      { name: 'started_at', label: 'started', type: 'timestamp' },
      { name: 'finished_at', label: 'finished', type: 'timestamp' },
    ],
    schema: TaskChange,
    list: page,
    get,
    async update(id) {
      // The schema lets only CANCELLED through, so any accepted change is a cancel.
      const outcome = await tasks.cancel(String(id))
      if (outcome && !outcome.cancelled) throw new ConflictError(`task ${id} has already ended (${outcome.task.status}); only a RECEIVED or PROCESSING task can be cancelled`)
      const saved = await get(id)
      if (!saved) throw new Error(`task ${id} vanished after it was cancelled`)
      return saved
    },
    notes:
      'Edit a task and set its status to CANCELLED to cancel it (as DELETE /v1/tasks/{id} does): a queued task is dropped, a running one stops and its partial output is removed. No other change is possible, tasks are created by uploading a CSV (the plays page, or POST /v1/data_processor/upload), and they are not deleted: the service has no function that removes a task with its files and job.',
  }
}
