import { useState } from 'react'
import { api, apiFetch, errorMessage } from '../../api.ts'
import { CellValue } from '../../components/cell-value.tsx'
import { DataTable, type SortState, type TableColumn } from '../../components/data-table.tsx'
import { LoadError } from '../../components/login-notice.tsx'
import { Pager } from '../../components/pager.tsx'
import { Notice, Panel } from '../../components/panel.tsx'
import { useResource } from '../../components/use-resource.ts'
import { FilterBar } from './filter-bar.tsx'
import { RowForm } from './row-form.tsx'
import { modelPath, type AdminModelInfo, type AdminPage, type AdminRow, type Filter } from './types.ts'

const LIMIT = 25

function listUrl(model: AdminModelInfo, offset: number, sort: SortState | undefined, filter: Filter | undefined): string {
  const query = new URLSearchParams({ offset: String(offset), limit: String(LIMIT) })
  if (sort) query.set('sort', sort.column)
  if (sort) query.set('order', sort.order)
  if (filter) {
    query.set('filterColumn', filter.column)
    query.set('filterOp', filter.op)
    query.set('filterValue', filter.value)
  }
  return `${modelPath(model)}?${query.toString()}`
}

type Editing = { kind: 'create' } | { kind: 'edit'; row: AdminRow }

/** One model: its rows filtered, sorted and paged, and the forms that change them. */
export function ModelView({ model }: { model: AdminModelInfo }) {
  const [offset, setOffset] = useState(0)
  const [sort, setSort] = useState<SortState>()
  const [filter, setFilter] = useState<Filter>()
  const [editing, setEditing] = useState<Editing>()
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'error'; text: string }>()
  const url = listUrl(model, offset, sort, filter)
  const page = useResource((signal) => api.get<AdminPage>(url, { signal }), url)
  const keyOf = (row: AdminRow) => String(row[model.key])

  const columns: TableColumn<AdminRow>[] = model.columns.map((c) => ({
    key: c.name,
    label: c.label,
    numeric: c.type === 'integer' || c.type === 'number',
    render: (row) => <CellValue value={row[c.name]} type={c.type} />,
  }))

  const save = async (values: AdminRow) => {
    if (editing?.kind === 'edit') {
      await apiFetch(`${modelPath(model)}/${encodeURIComponent(keyOf(editing.row))}`, { method: 'PATCH', json: values })
      setOutcome({ kind: 'ok', text: `Saved ${model.key} ${keyOf(editing.row)}.` })
    } else {
      await api.post(modelPath(model), values)
      setOutcome({ kind: 'ok', text: `Created ${model.key} ${String(values[model.key])}.` })
    }
    setEditing(undefined)
    page.reload()
  }

  const remove = async (row: AdminRow) => {
    if (!window.confirm(`Delete ${model.key} ${keyOf(row)}?`)) return
    try {
      await apiFetch(`${modelPath(model)}/${encodeURIComponent(keyOf(row))}`, { method: 'DELETE' })
      setOutcome({ kind: 'ok', text: `Deleted ${model.key} ${keyOf(row)}.` })
      page.reload()
    } catch (error) {
      setOutcome({ kind: 'error', text: errorMessage(error) })
    }
  }

  const actions = (row: AdminRow) => (
    <>
      {model.operations.update && (
        <button type="button" className="button button-small button-secondary" onClick={() => setEditing({ kind: 'edit', row })} aria-label={`Edit ${keyOf(row)}`}>
          Edit
        </button>
      )}{' '}
      {model.operations.delete && (
        <button type="button" className="button button-small button-danger" onClick={() => void remove(row)} aria-label={`Delete ${keyOf(row)}`}>
          Delete
        </button>
      )}
    </>
  )

  const aside = model.operations.create && (
    <button type="button" className="button button-small" onClick={() => setEditing({ kind: 'create' })}>
      New row
    </button>
  )
  return (
    <>
      {editing && (
        <Panel title={editing.kind === 'edit' ? `Edit ${model.key} ${keyOf(editing.row)}` : `New ${model.label.toLowerCase()} row`}>
          <RowForm key={editing.kind === 'edit' ? keyOf(editing.row) : 'new'} model={model} {...(editing.kind === 'edit' ? { row: editing.row } : {})} onSave={save} onCancel={() => setEditing(undefined)} />
        </Panel>
      )}
      <Panel title={`${model.label} · ${model.table}`} aside={aside}>
        {model.description && <p className="muted">{model.description}</p>}
        <FilterBar
          columns={model.columns}
          onApply={(next) => {
            setFilter(next)
            setOffset(0)
          }}
        />
        {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
        {page.error !== undefined && <LoadError error={page.error} what="the admin" />}
        <DataTable
          columns={columns}
          rows={page.data?.rows ?? []}
          rowKey={keyOf}
          sort={sort}
          onSort={(column) => setSort((s) => ({ column, order: s?.column === column && s.order === 'asc' ? 'desc' : 'asc' }))}
          actions={model.operations.update || model.operations.delete ? actions : undefined}
          empty={page.loading ? 'Loading…' : filter ? 'No row matches the filter.' : 'No rows yet.'}
          caption={model.label}
        />
        {page.data && <Pager offset={offset} limit={LIMIT} count={page.data.rows.length} total={page.data.total} onPage={setOffset} />}
        {model.notes && <p className="muted field-hint">{model.notes}</p>}
      </Panel>
    </>
  )
}
