import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { navigate } from '../../router.tsx'
import { ms, type RequestSummary, type RouteSummary } from './types.ts'

export function Status({ status }: { status: number }) {
  return <span className={`status-${String(status)[0]}`}>{status}</span>
}

const requestColumns: TableColumn<RequestSummary>[] = [
  { key: 'time', label: 'time', render: (r) => new Date(r.startedAt).toLocaleTimeString() },
  { key: 'method', label: 'method', render: (r) => <span className="method-tag">{r.method}</span> },
  { key: 'path', label: 'path', render: (r) => <code title={r.route}>{r.path}</code> },
  { key: 'status', label: 'status', render: (r) => <Status status={r.status} /> },
  { key: 'duration', label: 'ms', numeric: true, render: (r) => ms(r.durationMs) },
  { key: 'queries', label: 'queries', numeric: true, render: (r) => r.queryCount },
  { key: 'sql', label: 'SQL ms', numeric: true, render: (r) => ms(r.queryMs) },
]

/** Newest first; a row opens the request with its queries. */
export function RequestList({ requests }: { requests: RequestSummary[] }) {
  return (
    <DataTable
      columns={requestColumns}
      rows={requests}
      rowKey={(r) => String(r.id)}
      onRowClick={(r) => navigate(`/profiler/${r.id}`)}
      empty="No request yet. Use the API or a dashboard page, and it shows here."
      caption="Recent requests"
    />
  )
}

const routeColumns: TableColumn<RouteSummary>[] = [
  { key: 'route', label: 'route', render: (r) => <><span className="method-tag">{r.method}</span> <code>{r.route}</code></> },
  { key: 'count', label: 'requests', numeric: true, render: (r) => r.count },
  { key: 'avg', label: 'avg ms', numeric: true, render: (r) => ms(r.avgMs) },
  { key: 'max', label: 'max ms', numeric: true, render: (r) => ms(r.maxMs) },
  { key: 'queries', label: 'avg queries', numeric: true, render: (r) => r.avgQueries.toFixed(1) },
  { key: 'errors', label: '5xx', numeric: true, render: (r) => r.errors },
]

export function SlowestRoutes({ routes }: { routes: RouteSummary[] }) {
  return <DataTable columns={routeColumns} rows={routes} rowKey={(r) => `${r.method} ${r.route}`} empty="Nothing measured yet." caption="Slowest routes" />
}
