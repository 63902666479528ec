import { useState } from 'react'
import { api } from '../api.ts'
import { LoadError } from '../components/login-notice.tsx'
import { Panel } from '../components/panel.tsx'
import { useResource } from '../components/use-resource.ts'
import { SqlConsole } from './db/sql-console.tsx'
import { TableView } from './db/table-view.tsx'
import type { DbOverview } from './db/types.ts'

const load = (signal: AbortSignal) => api.get<DbOverview>('/api/db/tables', { signal })

/** `/ui/db`: the tables, a page of any table's rows, and the read-only SQL console. */
export function DbPage() {
  const overview = useResource(load, 'tables')
  const [selected, setSelected] = useState<string>()
  const data = overview.data
  const table = data?.tables.find((t) => t.name === selected) ?? data?.tables[0]
  return (
    <>
      <h1>Database</h1>
      <p className="lead">
        {data ? (
          <>
            {data.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'} <code>{data.location}</code>: {data.tables.length} tables.
          </>
        ) : (
          'The tables of this Flotilla and a console that cannot write.'
        )}
      </p>
      {overview.error !== undefined && <LoadError error={overview.error} what="the database browser" />}
      {data && (
        <>
          <SqlConsole overview={data} initial={table ? `select * from ${table.name} limit 20` : 'select 1'} />
          <div className="db-layout">
            <Panel title="Tables">
              <nav className="table-list" aria-label="Tables">
                {data.tables.map((t) => (
                  <button key={t.name} type="button" aria-current={t === table} onClick={() => setSelected(t.name)}>
                    {t.name}
                  </button>
                ))}
              </nav>
            </Panel>
            {table && <TableView key={table.name} table={table} />}
          </div>
        </>
      )}
    </>
  )
}
