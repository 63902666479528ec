import { useState, type FormEvent } from 'react'
import type { AdminColumn, Filter } from './types.ts'

const OPS: Array<{ op: Filter['op']; label: string; text?: boolean }> = [
  { op: 'eq', label: '=' },
  { op: 'lt', label: '<' },
  { op: 'gt', label: '>' },
  { op: 'contains', label: 'contains', text: true },
]

/** One condition on one column; the server checks the value against the column's type. */
export function FilterBar({ columns, onApply }: { columns: AdminColumn[]; onApply: (filter: Filter | undefined) => void }) {
  const [column, setColumn] = useState(columns[0]?.name ?? '')
  const [op, setOp] = useState<Filter['op']>('eq')
  const [value, setValue] = useState('')
  const isText = columns.find((c) => c.name === column)?.type === 'string'
  const ops = OPS.filter((o) => !o.text || isText)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    onApply(value.trim() === '' ? undefined : { column, op: ops.some((o) => o.op === op) ? op : 'eq', value: value.trim() })
  }
  return (
    <form className="toolbar" onSubmit={submit} aria-label="Filter">
      <span className="muted">Filter</span>
      <select className="input" aria-label="Filter column" value={column} onChange={(event) => setColumn(event.target.value)}>
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.label}
          </option>
        ))}
      </select>
      <select className="input" aria-label="Filter operator" value={op} onChange={(event) => setOp(event.target.value as Filter['op'])}>
        {ops.map((o) => (
          <option key={o.op} value={o.op}>
            {o.label}
          </option>
        ))}
      </select>
      <input className="input" aria-label="Filter value" value={value} onChange={(event) => setValue(event.target.value)} placeholder="value" />
      <button className="button button-small" type="submit">
        Apply
      </button>
      <button
        className="button button-small button-secondary"
        type="button"
        onClick={() => {
          setValue('')
          onApply(undefined)
        }}
      >
        Clear
      </button>
    </form>
  )
}
