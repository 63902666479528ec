/** `GET /api/admin`: one service's table as the admin draws it. */
export type ColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'timestamp'

export interface AdminColumn {
  name: string
  label: string
  type: ColumnType
  editable: boolean
}

/** The part of a JSON Schema property the form uses for hints and input limits. */
export interface PropertySchema {
  type?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  description?: string
}

export interface AdminModelInfo {
  service: string
  name: string
  label: string
  description: string
  table: string
  key: string
  columns: AdminColumn[]
  schema: { properties: Record<string, PropertySchema>; required?: string[] }
  operations: { create: boolean; update: boolean; delete: boolean }
  notes: string
}

export type AdminRow = Record<string, unknown>

export interface AdminPage {
  rows: AdminRow[]
  total: number
  offset: number
  limit: number
}

export interface Filter {
  column: string
  op: 'eq' | 'lt' | 'gt' | 'contains'
  value: string
}

export const modelPath = (model: AdminModelInfo) => `/api/admin/${model.service}/${model.name}`
