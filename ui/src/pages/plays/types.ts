export type TaskStatus = 'RECEIVED' | 'PROCESSING' | 'DONE' | 'FAILED' | 'CANCELLED'

/** A task as `GET /v1/tasks` and `GET /v1/tasks/{id}` return it. */
export interface Task {
  task_id: string
  status: TaskStatus
  file_name: string
  on_error: 'fail' | 'skip'
  /** Percent of the input read; 100 when DONE. */
  progress: number
  input_bytes: number
  rows: number | null
  rows_skipped: number | null
  skipped_examples: Array<{ line: number; reason: string }>
  output_rows: number | null
  output_bytes: number | null
  spills: number | null
  error: string | null
  download_link: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
}

/** `GET /v1/tasks?page=&page_size=`: newest first. */
export interface TaskList {
  tasks: Task[]
  page: number
  page_size: number
  total: number
}

export const unfinished = (status: TaskStatus): boolean => status === 'RECEIVED' || status === 'PROCESSING'
