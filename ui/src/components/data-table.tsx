import type { ReactNode } from 'react'
import './surfaces.css'

export interface TableColumn<R> {
  key: string
  label: string
  numeric?: boolean
  sortable?: boolean
  render: (row: R) => ReactNode
}

export interface SortState {
  column: string
  order: 'asc' | 'desc'
}

interface DataTableProps<R> {
  columns: TableColumn<R>[]
  rows: R[]
  rowKey: (row: R, index: number) => string
  sort?: SortState | undefined
  onSort?: (column: string) => void
  /** Buttons at the end of each row. */
  actions?: (row: R) => ReactNode
  onRowClick?: (row: R) => void
  empty?: string
  caption?: string
}

function SortMark({ column, sort }: { column: string; sort: SortState | undefined }) {
  if (sort?.column !== column) return <span className="sort-mark muted">↕</span>
  return <span className="sort-mark">{sort.order === 'asc' ? '↑' : '↓'}</span>
}

/** The one table of the platform pages: sortable headers, row actions, clickable rows. */
export function DataTable<R>({ columns, rows, rowKey, sort, onSort, actions, onRowClick, empty = 'No rows.', caption }: DataTableProps<R>) {
  return (
    <div className="table-scroll">
      <table className="table data-table">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} className={column.numeric ? 'num' : undefined} aria-sort={sort?.column === column.key ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                {onSort && column.sortable !== false ? (
                  <button type="button" className="th-sort" onClick={() => onSort(column.key)}>
                    {column.label} <SortMark column={column.key} sort={sort} />
                  </button>
                ) : (
                  column.label
                )}
              </th>
            ))}
            {actions && <th className="actions-col" aria-label="actions" />}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length + (actions ? 1 : 0)} className="muted empty-row">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)} className={onRowClick ? 'clickable' : undefined} onClick={onRowClick ? () => onRowClick(row) : undefined}>
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? 'num' : undefined}>
                  {column.render(row)}
                </td>
              ))}
              {actions && <td className="actions-col">{actions(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
