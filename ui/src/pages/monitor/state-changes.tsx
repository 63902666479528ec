import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { Panel } from '../../components/panel.tsx'
import { checkOutcome } from './format.ts'
import { StateBadge } from './state-badge.tsx'
import type { StateChange } from './types.ts'

const columns: TableColumn<StateChange>[] = [
  { key: 'at', label: 'when', render: (s) => new Date(s.at).toLocaleString() },
  {
    key: 'change',
    label: 'change',
    render: (s) => (
      <>
        <StateBadge state={s.from} /> → <StateBadge state={s.to} />
      </>
    ),
  },
  { key: 'cause', label: 'check', render: (s) => (s.status === null && s.error === null ? <span className="muted">–</span> : checkOutcome(s)) },
]

/** When the website went up or down, newest first (the stats answer carries the latest 20). */
export function StateChanges({ changes }: { changes: StateChange[] | undefined }) {
  return (
    <Panel title="State changes">
      <DataTable columns={columns} rows={changes ?? []} rowKey={(s) => String(s.id)} empty={changes ? 'No state change yet.' : 'Loading…'} caption="State changes" />
    </Panel>
  )
}
