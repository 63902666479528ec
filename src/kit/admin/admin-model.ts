import type { TObject } from 'typebox'

/**
 * What a service declares for the admin (`/ui/admin`): a table's rows as the service
 * sees them, and the service's own functions to change them. The admin never writes
 * around those functions, so a service's invariants (a cache, a snapshot, events)
 * hold whatever the admin does.
 */

export type AdminColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'timestamp'
export type AdminFilterOp = 'eq' | 'lt' | 'gt' | 'contains'
export type AdminKey = string | number
export type AdminRow = Record<string, unknown>

export interface AdminColumn {
  /** The field in rows, in `schema` and in filters; the API's name for it. */
  name: string
  label?: string
  /** `timestamp`: epoch milliseconds. */
  type: AdminColumnType
  /** Changeable after creation; the key never is. */
  editable?: boolean
}

export interface AdminListQuery {
  filter?: { column: string; op: AdminFilterOp; value: string | number | boolean }
  sort?: { column: string; order: 'asc' | 'desc' }
  offset: number
  limit: number
}

export interface AdminPage {
  rows: AdminRow[]
  total: number
}

export interface AdminModel {
  /** The path segment: `/api/admin/<service>/<name>`. */
  name: string
  label: string
  description?: string
  /** The table the rows live in, shown to the operator. */
  table: string
  /** The column that identifies a row. */
  key: string
  columns: AdminColumn[]
  /** A new row as `create` takes it: the service's own TypeBox schema, which validates. */
  schema: TObject
  list(query: AdminListQuery): Promise<AdminPage>
  get(key: AdminKey): Promise<AdminRow | undefined>
  create?(row: AdminRow): Promise<AdminRow>
  /** `changes` holds only editable columns, validated by their part of `schema`. */
  update?(key: AdminKey, changes: AdminRow): Promise<AdminRow>
  delete?(key: AdminKey): Promise<void>
  /** Shown in the admin: why an operation is missing, what a write also does. */
  notes?: string
}

/** Stops the start when a declaration contradicts itself, naming the model. */
export function checkAdminModel(service: string, model: AdminModel): void {
  const problem = (message: string) => new Error(`admin model ${service}/${model.name}: ${message}`)
  if (!/^[a-z][a-z0-9-]*$/.test(model.name)) throw problem('name must be lowercase letters, digits and dashes')
  const names = new Set(model.columns.map((c) => c.name))
  if (!names.has(model.key)) throw problem(`key ${model.key} is not a column`)
  for (const column of model.columns) {
    if (column.editable && column.name === model.key) throw problem('the key cannot be editable')
    if (column.editable && !(column.name in model.schema.properties)) throw problem(`editable column ${column.name} is not in the schema`)
  }
  if (model.update && !model.columns.some((c) => c.editable)) throw problem('update is declared but no column is editable')
}
