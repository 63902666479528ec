import { useState, type FormEvent, type MouseEvent, type ReactNode } from 'react'
import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { LoadError } from '../../components/login-notice.tsx'
import { Pager } from '../../components/pager.tsx'
import { Panel } from '../../components/panel.tsx'
import type { Resource } from '../../components/use-resource.ts'
import { formatAgo, formatInteger, formatTime } from '../../format.ts'
import { checkOutcome, formatLatency, formatUptime } from './format.ts'
import { StateBadge } from './state-badge.tsx'
import { shownState, type MonitorStatus, type ShownState, type WebsiteList, type WebsiteListItem } from './types.ts'

export const PAGE_SIZE = 25
const FILTERS: Array<ShownState | 'all'> = ['all', 'up', 'down', 'unknown', 'paused']

export interface ListQuery {
  offset: number
  state: ShownState | 'all'
  q: string
}

export function listPath(query: ListQuery): string {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(PAGE_SIZE) })
  if (query.state !== 'all') params.set('state', query.state)
  if (query.q) params.set('q', query.q)
  return `/api/monitor/websites?${params.toString()}`
}

export interface RowActions {
  onSelect: (website: WebsiteListItem) => void
  onEdit: (website: WebsiteListItem) => void
  onPause: (website: WebsiteListItem, paused: boolean) => void
  onDelete: (website: WebsiteListItem) => void
}

function LastCheck({ website }: { website: WebsiteListItem }) {
  const check = website.lastCheck
  if (!check) return <span className="muted">–</span>
  return (
    <span title={`${formatTime(check.startedAt)} · ${checkOutcome(check)}`}>
      {check.status === null ? <span className="monitor-failed">{check.error ?? 'no response'}</span> : formatLatency(check.durationMs)}{' '}
      <span className="muted">{formatAgo(check.startedAt)}</span>
    </span>
  )
}

interface WebsiteTableProps extends RowActions {
  list: Resource<WebsiteList>
  query: ListQuery
  onQuery: (query: ListQuery) => void
  status: MonitorStatus | undefined
  selectedId: number | undefined
  needsLogin: boolean
  busyId: number | undefined
  /** What the last row action did. */
  outcome?: ReactNode
}

/** Every website with its state, a page at a time; a row opens its checks and figures. */
export function WebsiteTable({ list, query, onQuery, status, selectedId, needsLogin, busyId, outcome, ...actions }: WebsiteTableProps) {
  const [search, setSearch] = useState(query.q)
  const columns: TableColumn<WebsiteListItem>[] = [
    {
      key: 'url',
      label: 'url',
      render: (w) => (
        <span className={`monitor-url${w.id === selectedId ? ' monitor-url-selected' : ''}`} title={w.url} aria-current={w.id === selectedId ? 'true' : undefined}>
          {w.url}
        </span>
      ),
    },
    { key: 'state', label: 'state', render: (w) => <StateBadge state={shownState(w)} /> },
    { key: 'uptime', label: 'uptime 24 h', numeric: true, render: (w) => formatUptime(w.uptime24h) },
    { key: 'last', label: 'last response', render: (w) => <LastCheck website={w} /> },
    { key: 'interval', label: 'every', numeric: true, render: (w) => `${w.intervalSeconds} s` },
  ]
  // Buttons in a clickable row: a click on one must not also open the website.
  const act = (fn: () => void) => (event: MouseEvent) => {
    event.stopPropagation()
    fn()
  }
  const rowActions = (w: WebsiteListItem) => (
    <span className="monitor-actions">
      <button type="button" className="button button-small button-secondary" disabled={needsLogin || busyId === w.id} onClick={act(() => actions.onPause(w, !w.paused))} aria-label={`${w.paused ? 'Resume' : 'Pause'} ${w.url}`}>
        {w.paused ? 'Resume' : 'Pause'}
      </button>
      <button type="button" className="button button-small button-secondary" disabled={needsLogin} onClick={act(() => actions.onEdit(w))} aria-label={`Edit ${w.url}`}>
        Edit
      </button>
      <button type="button" className="button button-small button-danger" disabled={needsLogin || busyId === w.id} onClick={act(() => actions.onDelete(w))} aria-label={`Delete ${w.url}`}>
        Delete
      </button>
    </span>
  )
  const onSearch = (event: FormEvent) => {
    event.preventDefault()
    onQuery({ ...query, q: search.trim(), offset: 0 })
  }
  const count = (state: ShownState | 'all') => {
    const w = status?.websites
    if (!w) return undefined
    return state === 'all' ? w.up + w.down + w.unknown + w.paused : w[state]
  }
  const data = list.data
  return (
    <Panel title="Websites" aside={data && <span className="muted">{formatInteger(data.total)} shown by this filter</span>}>
      <div className="toolbar">
        <div className="tabs monitor-tabs" role="tablist" aria-label="Filter by state">
          {FILTERS.map((state) => (
            <button key={state} type="button" role="tab" className="tab" aria-selected={query.state === state} onClick={() => onQuery({ ...query, state, offset: 0 })}>
              {state} {count(state) !== undefined && <span className="monitor-tab-count">{formatInteger(count(state)!)}</span>}
            </button>
          ))}
        </div>
        <form className="monitor-search" onSubmit={onSearch} role="search">
          <input className="input" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Part of the url" aria-label="Search urls" spellCheck={false} />
          <button type="submit" className="button button-small button-secondary">
            Search
          </button>
        </form>
      </div>
      {outcome}
      {list.error !== undefined && <LoadError error={list.error} what="the website list" />}
      <DataTable
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(w) => String(w.id)}
        onRowClick={actions.onSelect}
        actions={rowActions}
        empty={list.loading && !data ? 'Loading…' : query.state !== 'all' || query.q ? 'No website matches.' : 'No website yet: add one below.'}
        caption="Websites"
      />
      {data && data.total > 0 && <Pager offset={query.offset} limit={PAGE_SIZE} count={data.items.length} total={data.total} onPage={(offset) => onQuery({ ...query, offset })} />}
    </Panel>
  )
}
