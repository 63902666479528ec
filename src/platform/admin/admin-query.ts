import type { AdminColumn, AdminFilterOp, AdminListQuery } from '../../kit/admin/admin-model.ts'
import { BadRequestError } from '../../kit/http/errors.ts'

export interface RawListQuery {
  offset: number
  limit: number
  sort?: string
  order: 'asc' | 'desc'
  filterColumn?: string
  filterOp?: AdminFilterOp
  filterValue?: string
}

/** A filter's text, as the column's type: a wrong one is the caller's mistake, a 400. */
export function filterValue(column: AdminColumn, text: string): string | number | boolean {
  const bad = (what: string) => new BadRequestError(`filter on ${column.name}: "${text.slice(0, 50)}" is not ${what}`)
  switch (column.type) {
    case 'integer': {
      const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : Number.NaN
      if (!Number.isSafeInteger(value)) throw bad('an integer')
      return value
    }
    case 'number': {
      const value = text.trim() === '' ? Number.NaN : Number(text)
      if (!Number.isFinite(value)) throw bad('a number')
      return value
    }
    case 'timestamp': {
      const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Date.parse(text)
      if (!Number.isFinite(value)) throw bad('a time (epoch milliseconds or an ISO date)')
      return value
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw bad('true or false')
      return text === 'true'
    case 'string':
      return text
  }
}

/** The route's validated query string as the model's list takes it. */
export function toListQuery(columns: AdminColumn[], raw: RawListQuery): AdminListQuery {
  const query: AdminListQuery = { offset: raw.offset, limit: raw.limit }
  if (raw.sort) query.sort = { column: raw.sort, order: raw.order }
  if (raw.filterColumn && raw.filterValue !== undefined && raw.filterValue !== '') {
    const column = columns.find((c) => c.name === raw.filterColumn)
    if (!column) throw new BadRequestError(`no column ${raw.filterColumn}`)
    const op = raw.filterOp ?? (column.type === 'string' ? 'contains' : 'eq')
    if (op === 'contains' && column.type !== 'string') throw new BadRequestError(`"contains" filters text columns only; ${column.name} is ${column.type}`)
    query.filter = { column: column.name, op, value: filterValue(column, raw.filterValue) }
  }
  return query
}
