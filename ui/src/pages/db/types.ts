export interface TableInfo {
  name: string
  columns: Array<{ name: string; dataType: string; nullable: boolean }>
}

/** `GET /api/db/tables`. */
export interface DbOverview {
  dialect: 'sqlite' | 'postgres'
  location: string
  limits: { maxRows: number; timeoutMs: number }
  tables: TableInfo[]
}

/** `GET /api/db/tables/:table/rows`. */
export interface RowsPage {
  columns: string[]
  rows: unknown[][]
  offset: number
  limit: number
  hasMore: boolean
}

/** `POST /api/db/query`. */
export interface QueryResult {
  columns: string[]
  rows: unknown[][]
  truncated: boolean
  durationMs: number
}
