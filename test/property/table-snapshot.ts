import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

/** Row count and checksum of every table of a SQLite database. */
export type TableSnapshot = Map<string, { rows: number; checksum: string }>

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  return value
}

export async function snapshotTables(db: Kysely<any>): Promise<TableSnapshot> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
  const snapshot: TableSnapshot = new Map()
  for (const { name } of tables.rows) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)} order by rowid`.execute(db).catch(() => sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db))
    const hash = createHash('sha256')
    for (const row of rows) hash.update(JSON.stringify(row, jsonSafe)).update('\n')
    snapshot.set(name, { rows: rows.length, checksum: hash.digest('hex') })
  }
  return snapshot
}

/** The tables whose rows or checksum differ, each with its row counts before and after. */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()])
  const changed: string[] = []
  for (const name of names) {
    const a = before.get(name)
    const b = after.get(name)
    if (a?.checksum !== b?.checksum) changed.push(`${name} (${a?.rows ?? 'absent'} -> ${b?.rows ?? 'absent'} rows)`)
  }
  return changed
}

/** SQLite's count of rows changed on this connection: a cheap "did anything write?". */
export async function totalChanges(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(db)
  return Number(rows[0]?.n ?? 0)
}
