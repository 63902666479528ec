import { useState } from 'react'
import { api } from '../../api.ts'
import { LoadError } from '../../components/login-notice.tsx'
import { Pager } from '../../components/pager.tsx'
import { Panel } from '../../components/panel.tsx'
import { useResource } from '../../components/use-resource.ts'
import { ResultGrid } from './result-grid.tsx'
import type { RowsPage, TableInfo } from './types.ts'

const LIMIT = 50

export function TableView({ table }: { table: TableInfo }) {
  const [offset, setOffset] = useState(0)
  const url = `/api/db/tables/${encodeURIComponent(table.name)}/rows?offset=${offset}&limit=${LIMIT}`
  const page = useResource((signal) => api.get<RowsPage>(url, { signal }), url)
  return (
    <Panel title={table.name}>
      <p className="meta-line">
        {table.columns.map((c) => (
          <span key={c.name}>
            <strong>{c.name}</strong> <code>{c.dataType.toLowerCase()}</code>
            {c.nullable ? '' : ' not null'}
          </span>
        ))}
      </p>
      {page.error !== undefined && <LoadError error={page.error} what="the database browser" />}
      {page.data && (
        <>
          <ResultGrid columns={page.data.columns} rows={page.data.rows} empty={offset === 0 ? 'The table is empty.' : 'No more rows.'} caption={`Rows of ${table.name}`} />
          <Pager offset={offset} limit={LIMIT} count={page.data.rows.length} hasMore={page.data.hasMore} onPage={setOffset} />
        </>
      )}
    </Panel>
  )
}
