import Type, { type Static } from 'typebox'
import { progressPercent, type Task } from './task.ts'

export const ErrorReply = Type.Object({ error: Type.String() })
export const TaskIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const Status = Type.Union([Type.Literal('RECEIVED'), Type.Literal('PROCESSING'), Type.Literal('DONE'), Type.Literal('FAILED'), Type.Literal('CANCELLED')])
const NullableInt = Type.Union([Type.Integer(), Type.Null()])
const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

export const StatusReply = Type.Object({
  status: Status,
  progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'percent of the input read, while PROCESSING' })),
  download_link: Type.Optional(Type.String({ description: 'when DONE' })),
  error: Type.Optional(Type.String({ description: 'when FAILED' })),
})

export const TaskReply = Type.Object({
  task_id: Type.String(),
  status: Status,
  file_name: Type.String(),
  on_error: Type.Union([Type.Literal('fail'), Type.Literal('skip')]),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  input_bytes: Type.Integer(),
  rows: NullableInt,
  rows_skipped: NullableInt,
  skipped_examples: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })),
  output_rows: NullableInt,
  output_bytes: NullableInt,
  spills: NullableInt,
  error: NullableString,
  download_link: NullableString,
  created_at: Type.String({ format: 'date-time' }),
  started_at: NullableTime,
  finished_at: NullableTime,
})

export const downloadLink = (task: Task): string => `/v1/data_processor/download/${task.id}`
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

export function statusReply(task: Task): Static<typeof StatusReply> {
  return {
    status: task.status,
    ...(task.status === 'PROCESSING' ? { progress: progressPercent(task) } : {}),
    ...(task.status === 'DONE' ? { download_link: downloadLink(task) } : {}),
    ...(task.status === 'FAILED' ? { error: task.error ?? 'processing failed' } : {}),
  }
}

export function taskReply(task: Task): Static<typeof TaskReply> {
  return {
    task_id: task.id,
    status: task.status,
    file_name: task.fileName,
    on_error: task.onError,
    progress: progressPercent(task),
    input_bytes: task.inputBytes,
    rows: task.rowsRead,
    rows_skipped: task.rowsSkipped,
    skipped_examples: task.skippedExamples,
    output_rows: task.outputRows,
    output_bytes: task.outputBytes,
    spills: task.spills,
    error: task.error,
    download_link: task.status === 'DONE' ? downloadLink(task) : null,
    created_at: iso(task.createdAt)!,
    started_at: iso(task.startedAt),
    finished_at: iso(task.finishedAt),
  }
}
