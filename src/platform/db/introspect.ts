import { sql } from 'kysely'
import type { Database } from '../../kit/db/database.ts'

export interface TableInfo {
  name: string
  columns: Array<{ name: string; dataType: string; nullable: boolean }>
}

/** The tables of this Flotilla's schema (on PostgreSQL, the current one only), by name. */
export async function listTables(database: Database): Promise<TableInfo[]> {
  const tables = await database.db.introspection.getTables()
  let schema: string | undefined
  if (database.dialect === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)
    schema = rows[0]?.schema
  }
  return tables
    .filter((t) => !t.isView && (schema === undefined || t.schema === schema))
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, dataType: c.dataType, nullable: c.isNullable })) }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Double quotes make any table name an identifier, never SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
