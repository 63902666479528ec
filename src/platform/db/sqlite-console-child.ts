// The SQLite console's own process: a read-only connection, one statement at a time.
// better-sqlite3 cannot interrupt a running statement, so the time limit is the parent
// killing this process.
import SQLite from 'better-sqlite3'
import { toCell } from './cells.ts'

export interface ChildRequest {
  id: number
  sql: string
  maxRows: number
}

export type ChildReply =
  | { id: number; ok: true; columns: string[]; rows: unknown[][]; truncated: boolean }
  | { id: number; ok: false; kind: 'read-only' | 'failed'; message: string }

const file = process.argv[2]
if (!file || !process.send) throw new Error('usage: forked by sqlite-console.ts with the database file')
const db = new SQLite(file, { readonly: true, fileMustExist: true, timeout: 5_000 })

function answer(request: ChildRequest): ChildReply {
  const { id } = request
  try {
    const statement = db.prepare(request.sql)
    // SQLite's own verdict, not ours: this also stops what a read-only connection allows
    // but writes elsewhere (VACUUM INTO a new file).
    if (!statement.readonly) return { id, ok: false, kind: 'read-only', message: 'the statement would change data' }
    if (!statement.reader) {
      statement.run()
      return { id, ok: true, columns: [], rows: [], truncated: false }
    }
    statement.raw(true)
    const columns = statement.columns().map((c) => c.name)
    const rows: unknown[][] = []
    let truncated = false
    for (const row of statement.iterate() as IterableIterator<unknown[]>) {
      if (rows.length === request.maxRows) {
        truncated = true
        break
      }
      rows.push(row.map(toCell))
    }
    return { id, ok: true, columns, rows, truncated }
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown }
    const readOnly = typeof e.code === 'string' && e.code.startsWith('SQLITE_READONLY')
    return { id, ok: false, kind: readOnly ? 'read-only' : 'failed', message: String(e.message) }
  }
}

process.on('message', (request: ChildRequest) => process.send?.(answer(request)))
process.on('disconnect', () => process.exit(0))
process.send({ ready: true })
