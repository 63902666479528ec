import { CellValue } from '../../components/cell-value.tsx'
import { DataTable, type TableColumn } from '../../components/data-table.tsx'

/** Rows as arrays, so that two columns of one name both show. */
export function ResultGrid({ columns, rows, empty, caption }: { columns: string[]; rows: unknown[][]; empty: string; caption: string }) {
  const tableColumns: TableColumn<unknown[]>[] = columns.map((name, index) => ({
    key: `${index}`,
    label: name,
    render: (row) => <CellValue value={row[index]} />,
  }))
  return <DataTable columns={tableColumns} rows={rows} rowKey={(_row, index) => String(index)} empty={empty} caption={caption} />
}
