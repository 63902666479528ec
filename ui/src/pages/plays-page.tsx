import { useState } from 'react'
import { apiFetch, errorMessage } from '../api.ts'
import { Pager } from '../components/pager.tsx'
import { Notice, Panel } from '../components/panel.tsx'
import { usePlatform, writesNeedLogin } from '../platform.tsx'
import { TaskTable } from './plays/task-table.tsx'
import type { Task } from './plays/types.ts'
import { UploadForm } from './plays/upload-form.tsx'
import { useTaskList } from './plays/use-task-list.ts'

const PAGE_SIZE = 10

/** plays: song-plays CSVs summed per (song, date) in background tasks. */
export function PlaysPage() {
  const { info } = usePlatform()
  const needsLogin = writesNeedLogin(info)
  const [offset, setOffset] = useState(0)
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set())
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>()
  const list = useTaskList(offset / PAGE_SIZE + 1, PAGE_SIZE)

  const goTo = (next: number) => {
    setOffset(next)
    list.refresh()
  }

  const cancel = async (task: Task) => {
    setCancelling((ids) => new Set(ids).add(task.task_id))
    try {
      await apiFetch(`/v1/tasks/${encodeURIComponent(task.task_id)}`, { method: 'DELETE' })
      setOutcome({ kind: 'ok', text: `Cancelled ${task.file_name}.` })
    } catch (error) {
      setOutcome({ kind: 'error', text: errorMessage(error) })
    } finally {
      setCancelling((ids) => {
        const next = new Set(ids)
        next.delete(task.task_id)
        return next
      })
      list.refresh()
    }
  }

  const description = info?.services.find((s) => s.name === 'plays')?.description
  const data = list.data
  const aside = list.updatedAt !== undefined && <span className="muted">updated {new Date(list.updatedAt).toLocaleTimeString()}</span>
  return (
    <div className="plays-page">
      <h1>plays</h1>
      <p className="lead">{description ?? 'Song-plays CSV uploads of any size, summed per (song, date) in background tasks.'}</p>
      <UploadForm
        needsLogin={needsLogin}
        onUploaded={() => {
          setOutcome(undefined)
          goTo(0)
        }}
      />
      <Panel title="Tasks" aside={aside}>
        {list.error && <Notice kind="error">Tasks unavailable: {list.error}</Notice>}
        {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
        <TaskTable
          tasks={data?.tasks ?? []}
          cancelling={cancelling}
          canCancel={!needsLogin}
          onCancel={(task) => void cancel(task)}
          empty={data ? 'No task yet: upload a CSV above.' : 'Loading…'}
        />
        {data && data.total > 0 && <Pager offset={offset} limit={PAGE_SIZE} count={data.tasks.length} total={data.total} onPage={goTo} />}
      </Panel>
    </div>
  )
}
