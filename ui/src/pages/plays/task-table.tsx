import { formatAgo, formatBytes, formatInteger, formatTime } from '../../format.ts'
import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { ProgressBar } from './progress-bar.tsx'
import { unfinished, type Task, type TaskStatus } from './types.ts'

const BADGE: Record<TaskStatus, string> = {
  RECEIVED: 'badge-info',
  PROCESSING: 'badge-info',
  DONE: 'badge-ok',
  FAILED: 'badge-bad',
  CANCELLED: 'badge-muted',
}

const epoch = (iso: string) => Date.parse(iso)

function Status({ task }: { task: Task }) {
  return (
    <>
      <span className={`badge ${BADGE[task.status]}`}>{task.status}</span>
      {task.error && <div className="task-error">{task.error}</div>}
    </>
  )
}

function Progress({ task }: { task: Task }) {
  if (task.status === 'PROCESSING') return <ProgressBar percent={task.progress} label={`Progress of ${task.file_name}`} />
  if (task.status === 'RECEIVED') return <span className="muted">waiting</span>
  if (task.status !== 'DONE') return <span className="muted">–</span>
  const skipped = task.rows_skipped ?? 0
  const examples = task.skipped_examples.map((e) => `line ${e.line}: ${e.reason}`).join('\n')
  return (
    <span>
      {formatInteger(task.rows ?? 0)} rows → {formatInteger(task.output_rows ?? 0)}
      {skipped > 0 && (
        <span className="badge badge-warn task-skipped" title={examples}>
          {formatInteger(skipped)} skipped
        </span>
      )}
    </span>
  )
}

const columns: TableColumn<Task>[] = [
  {
    key: 'file',
    label: 'file',
    render: (t) => (
      <>
        <div>{t.file_name}</div>
        <code className="muted task-id">{t.task_id}</code>
      </>
    ),
  },
  { key: 'size', label: 'size', numeric: true, render: (t) => formatBytes(t.input_bytes) },
  { key: 'status', label: 'status', render: (t) => <Status task={t} /> },
  { key: 'progress', label: 'progress', render: (t) => <Progress task={t} /> },
  { key: 'created', label: 'uploaded', render: (t) => <span title={formatTime(epoch(t.created_at))}>{formatAgo(epoch(t.created_at))}</span> },
]

interface TaskTableProps {
  tasks: Task[]
  /** Task ids whose cancel is on its way. */
  cancelling: ReadonlySet<string>
  canCancel: boolean
  onCancel: (task: Task) => void
  empty: string
}

/** The tasks with their live status; a download for DONE ones, a cancel for unfinished ones. */
export function TaskTable({ tasks, cancelling, canCancel, onCancel, empty }: TaskTableProps) {
  const actions = (task: Task) => {
    if (task.download_link) {
      return (
        <a className="button button-small" href={task.download_link} download aria-label={`Download the result of ${task.file_name}`}>
          Download
        </a>
      )
    }
    if (!unfinished(task.status)) return null
    return (
      <button
        type="button"
        className="button button-small button-secondary"
        disabled={!canCancel || cancelling.has(task.task_id)}
        title={canCancel ? 'Stop the task and remove its partial output' : 'Log in to cancel'}
        onClick={() => onCancel(task)}
        aria-label={`Cancel ${task.file_name}`}
      >
        {cancelling.has(task.task_id) ? 'Cancelling…' : 'Cancel'}
      </button>
    )
  }
  return <DataTable columns={columns} rows={tasks} rowKey={(t) => t.task_id} actions={actions} empty={empty} caption="Tasks" />
}
