export type TaskStatus = 'RECEIVED' | 'PROCESSING' | 'DONE' | 'FAILED' | 'CANCELLED'
export const taskStatuses: readonly TaskStatus[] = ['RECEIVED', 'PROCESSING', 'DONE', 'FAILED', 'CANCELLED']
export const finished = (status: TaskStatus): boolean => status === 'DONE' || status === 'FAILED' || status === 'CANCELLED'

export type OnError = 'fail' | 'skip'

export interface SkippedRow {
  line: number
  reason: string
}

/** One upload and its aggregation. */
export interface Task {
  id: string
  status: TaskStatus
  fileName: string
  onError: OnError
  jobId: number | null
  inputBytes: number
  bytesRead: number
  rowsRead: number | null
  rowsSkipped: number | null
  skippedExamples: SkippedRow[]
  outputRows: number | null
  outputBytes: number | null
  spills: number | null
  error: string | null
  createdAt: number
  updatedAt: number
  startedAt: number | null
  finishedAt: number | null
}

/** What the job reports when a task ends well. */
export interface TaskOutcome {
  rowsRead: number
  rowsSkipped: number
  skippedExamples: SkippedRow[]
  outputRows: number
  outputBytes: number
  spills: number
}

/** Percent of the input read, 0–99 while processing: 100 means done. */
export function progressPercent(task: Task): number {
  if (task.status === 'DONE') return 100
  if (task.inputBytes === 0) return 0
  return Math.min(99, Math.floor((task.bytesRead / task.inputBytes) * 100))
}

/** The name the result downloads as: the upload's, ASCII only (the original's client splits the header on "="). */
export function resultFileName(task: Task): string {
  const base = task.fileName.replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'plays'
  return `${base}_processed.csv`
}
