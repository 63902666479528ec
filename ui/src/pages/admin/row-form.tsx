import { useState, type FormEvent } from 'react'
import { errorMessage } from '../../api.ts'
import { Notice } from '../../components/panel.tsx'
import type { AdminColumn, AdminModelInfo, AdminRow, PropertySchema } from './types.ts'

function hint(schema: PropertySchema | undefined): string {
  if (!schema) return ''
  const parts: string[] = []
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`${schema.minimum} to ${schema.maximum}`)
  else if (schema.minimum !== undefined) parts.push(`at least ${schema.minimum}`)
  else if (schema.maximum !== undefined) parts.push(`at most ${schema.maximum}`)
  if (schema.maxLength !== undefined) parts.push(`up to ${schema.maxLength} characters`)
  return parts.join(', ')
}

/** Text from an input as the column's JSON type; what the server cannot take it will say. */
function parse(column: AdminColumn, text: string): unknown {
  if (column.type === 'boolean') return text === 'true'
  if (column.type === 'string') return text
  return text.trim() === '' ? text : Number(text)
}

interface RowFormProps {
  model: AdminModelInfo
  /** The row being edited; creating when absent. */
  row?: AdminRow
  onSave: (values: AdminRow) => Promise<void>
  onCancel: () => void
}

/** Create (every field of the schema) or edit (the editable columns only). */
export function RowForm({ model, row, onSave, onCancel }: RowFormProps) {
  const fields = model.columns.filter((c) => (row ? c.editable : c.name in model.schema.properties))
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((c) => [c.name, row?.[c.name] === undefined || row[c.name] === null ? '' : String(row[c.name])])),
  )
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await onSave(Object.fromEntries(fields.map((c) => [c.name, parse(c, values[c.name] ?? '')])))
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-label={row ? 'Edit row' : 'New row'}>
      <div className="form-grid">
        {fields.map((column) => {
          const schema = model.schema.properties[column.name]
          const numeric = column.type === 'integer' || column.type === 'number'
          return (
            <label key={column.name} className="field">
              {column.label}
              <input
                className="input"
                name={column.name}
                type={numeric ? 'number' : 'text'}
                step={column.type === 'integer' ? 1 : 'any'}
                value={values[column.name] ?? ''}
                onChange={(event) => setValues((previous) => ({ ...previous, [column.name]: event.target.value }))}
                required={model.schema.required?.includes(column.name)}
              />
              <span className="field-hint">{hint(schema)}</span>
            </label>
          )
        })}
      </div>
      <div className="form-actions">
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Saving…' : row ? 'Save' : 'Create'}
        </button>
        <button className="button button-secondary" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  )
}
