import { sql, type Kysely, type Transaction } from 'kysely'
import type { AdminListQuery, AdminPage } from './admin-model.ts'

/**
 * A page of a table's rows for an admin model's `list`, for a service's repository to
 * call: `columns` maps each admin column to its database column, so that filters and
 * sorting name only declared columns, never text from the request.
 */
export async function listTableRows(
  db: Kysely<any> | Transaction<any>,
  table: string,
  columns: Record<string, string>,
  key: string,
  query: AdminListQuery,
): Promise<AdminPage> {
  const columnOf = (name: string): string => {
    const column = columns[name]
    if (!column) throw new Error(`no column ${name} in ${table}`)
    return column
  }
  let base = db.selectFrom(table)
  const { filter, sort } = query
  if (filter) {
    const column = columnOf(filter.column)
    if (filter.op === 'contains') {
      const pattern = `%${String(filter.value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      base = base.where(sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`)
    } else {
      base = base.where(column, filter.op === 'eq' ? '=' : filter.op === 'lt' ? '<' : '>', filter.value)
    }
  }
  const total = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()
  let page = base.select(Object.entries(columns).map(([name, column]) => sql.ref(column).as(name)))
  if (sort) page = page.orderBy(columnOf(sort.column), sort.order)
  // The key last, so that pages are stable among equal sort values.
  page = page.orderBy(columnOf(key), sort?.order ?? 'asc').limit(query.limit).offset(query.offset)
  return { rows: await page.execute(), total: Number(total.n) }
}
