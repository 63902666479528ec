import { useRef, useState } from 'react'
import { api, apiFetch, errorMessage } from '../api.ts'
import { Notice } from '../components/panel.tsx'
import { useResource } from '../components/use-resource.ts'
import { usePlatform, writesNeedLogin } from '../platform.tsx'
import { usePoll } from '../use-poll.ts'
import { SummaryPanel } from './monitor/summary-panel.tsx'
import type { MonitorStatus, Website, WebsiteList, WebsiteListItem } from './monitor/types.ts'
import { WebsiteDetail } from './monitor/website-detail.tsx'
import { WebsiteForm } from './monitor/website-form.tsx'
import { listPath, WebsiteTable, type ListQuery } from './monitor/website-table.tsx'

const loadStatus = (signal: AbortSignal) => api.get<MonitorStatus>('/api/monitor/status', { signal })
const REFRESH_MS = 5000

const scrollTo = (element: HTMLElement | null) => element?.scrollIntoView({ behavior: 'smooth', block: 'start' })

/** monitor: the websites, their state and uptime, and each one's response times and checks. */
export function MonitorPage() {
  const { info } = usePlatform()
  const needsLogin = writesNeedLogin(info)
  const status = usePoll(loadStatus, REFRESH_MS)
  const [query, setQuery] = useState<ListQuery>({ offset: 0, state: 'all', q: '' })
  const path = listPath(query)
  const list = useResource((signal) => api.get<WebsiteList>(path, { signal }), path, REFRESH_MS)
  const [selectedId, setSelectedId] = useState<number>()
  const [editing, setEditing] = useState<Website>()
  // Bumped by every write, so that the detail loads again at once.
  const [version, setVersion] = useState(0)
  const [busyId, setBusyId] = useState<number>()
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>()
  const formBox = useRef<HTMLDivElement>(null)
  const detailBox = useRef<HTMLDivElement>(null)
  const description = info?.services.find((s) => s.name === 'monitor')?.description

  const changed = () => {
    list.reload()
    status.refresh()
    setVersion((v) => v + 1)
  }
  const write = async (website: WebsiteListItem, run: () => Promise<unknown>, done: string) => {
    setBusyId(website.id)
    setOutcome(undefined)
    try {
      await run()
      setOutcome({ kind: 'ok', text: done })
      changed()
    } catch (error) {
      setOutcome({ kind: 'error', text: `${website.url}: ${errorMessage(error)}` })
    } finally {
      setBusyId(undefined)
    }
  }

  const onPause = (website: WebsiteListItem, paused: boolean) =>
    void write(website, () => api.post(`/api/monitor/websites/${website.id}/${paused ? 'pause' : 'resume'}`, {}), `${paused ? 'Paused' : 'Resumed'} ${website.url}.`)
  const onDelete = (website: WebsiteListItem) => {
    if (!window.confirm(`Delete ${website.url} and its history?`)) return
    void write(website, () => apiFetch(`/api/monitor/websites/${website.id}`, { method: 'DELETE' }), `Deleted ${website.url}.`).then(() => {
      if (selectedId === website.id) setSelectedId(undefined)
      if (editing?.id === website.id) setEditing(undefined)
    })
  }
  const onEdit = (website: WebsiteListItem) => {
    setEditing(website)
    window.requestAnimationFrame(() => scrollTo(formBox.current))
  }
  const onSelect = (website: WebsiteListItem) => {
    setSelectedId(website.id)
    window.requestAnimationFrame(() => scrollTo(detailBox.current))
  }
  // The add form says what it added; an edit closes its form, so the list says it.
  const onSaved = (website: Website, created: boolean) => {
    if (created) {
      setSelectedId(website.id)
    } else {
      setEditing(undefined)
      setOutcome({ kind: 'ok', text: `Saved ${website.url}.` })
    }
    changed()
  }

  return (
    <div className="monitor-page">
      <h1>monitor</h1>
      <p className="lead">{description ?? 'Checks websites on a fixed cadence, keeps their history and uptime, alerts on state change.'}</p>
      <SummaryPanel status={status.data} error={status.error} updatedAt={status.updatedAt} />
      <WebsiteTable
        list={list}
        query={query}
        onQuery={setQuery}
        status={status.data}
        selectedId={selectedId}
        needsLogin={needsLogin}
        busyId={busyId}
        outcome={outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
        onSelect={onSelect}
        onEdit={onEdit}
        onPause={onPause}
        onDelete={onDelete}
      />
      <div ref={formBox}>
        <WebsiteForm key={editing ? `edit-${editing.id}` : 'add'} website={editing} needsLogin={needsLogin} onSaved={onSaved} onCancel={() => setEditing(undefined)} />
      </div>
      <div ref={detailBox}>{selectedId !== undefined && <WebsiteDetail key={selectedId} websiteId={selectedId} version={version} onClose={() => setSelectedId(undefined)} />}</div>
    </div>
  )
}
