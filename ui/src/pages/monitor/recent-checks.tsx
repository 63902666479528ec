import { api } from '../../api.ts'
import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { LoadError } from '../../components/login-notice.tsx'
import { Panel } from '../../components/panel.tsx'
import { useResource } from '../../components/use-resource.ts'
import { checkOutcome, formatLatency, formatMatches } from './format.ts'
import type { Check } from './types.ts'

const SHOWN = 20

const columns: TableColumn<Check>[] = [
  { key: 'time', label: 'time', render: (c) => new Date(c.startedAt).toLocaleTimeString() },
  { key: 'status', label: 'status', render: (c) => <span className={c.status === null || c.status >= 400 ? 'monitor-failed' : undefined}>{checkOutcome(c)}</span> },
  { key: 'response', label: 'response', numeric: true, render: (c) => formatLatency(c.durationMs) },
  {
    key: 'matches',
    label: 'matches',
    render: (c) => {
      if (c.matches === null) return <span className="muted">–</span>
      if (c.matches.length === 0) return <span className="muted">no match</span>
      const text = formatMatches(c.matches)
      return (
        <code className="monitor-matches" title={text}>
          {text}
        </code>
      )
    },
  },
  { key: 'up', label: 'counted', render: (c) => (c.up ? <span className="badge state-badge state-up">up</span> : <span className="badge state-badge state-down">down</span>) },
]

/** The newest checks of one website: status, time, what the regex found. */
export function RecentChecks({ websiteId, version }: { websiteId: number; version: number }) {
  const checks = useResource((signal) => api.get<{ items: Check[] }>(`/api/monitor/websites/${websiteId}/checks?limit=${SHOWN}`, { signal }), `${websiteId}:${version}`, 5000)
  return (
    <Panel title="Recent checks" aside={<span className="muted">newest {SHOWN}</span>}>
      {checks.error !== undefined && <LoadError error={checks.error} what="the checks" />}
      <DataTable columns={columns} rows={checks.data?.items ?? []} rowKey={(c) => String(c.id)} empty={checks.loading && !checks.data ? 'Loading…' : 'No check yet: the first comes within one interval.'} caption="Recent checks" />
    </Panel>
  )
}
