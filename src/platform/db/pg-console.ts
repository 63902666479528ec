import pg from 'pg'
import Cursor from 'pg-cursor'
import { toCell } from './cells.ts'
import { QueryFailedError, QueryTimeoutError, ReadOnlyRefusedError, type ConsoleLimits, type ConsoleResult, type ReadOnlyConsole } from './console-types.ts'

const READ_ONLY_SQL_TRANSACTION = '25006'
const QUERY_CANCELED = '57014'
/** How long past the server's statement_timeout the client waits before it hangs up. */
const GRACE_MS = 2_000

/**
 * Each query gets a connection of its own, closed after it, inside a read-only
 * transaction whose snapshot is already taken (so the statement cannot switch it to
 * read-write), with a statement_timeout. The cursor sends the statement over the
 * extended protocol, which takes one statement only, and fetches at most the row limit.
 */
export class PostgresConsole implements ReadOnlyConsole {
  constructor(private readonly source: { url: string; schema?: string }) {}

  async query(text: string, limits: ConsoleLimits): Promise<ConsoleResult> {
    const client = new pg.Client({ connectionString: this.source.url, connectionTimeoutMillis: 5_000 })
    client.on('error', () => {})
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const hangUp = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new QueryTimeoutError(limits.timeoutMs))
        void client.end().catch(() => {})
      }, limits.timeoutMs + GRACE_MS)
    })
    try {
      return await Promise.race([this.run(client, text, limits, started), hangUp])
    } catch (error) {
      throw translate(error, limits)
    } finally {
      clearTimeout(timer)
      await client.end().catch(() => {})
    }
  }

  private async run(client: pg.Client, text: string, limits: ConsoleLimits, started: number): Promise<ConsoleResult> {
    await client.connect()
    await client.query('begin transaction read only')
    await client.query("select set_config('statement_timeout', $1, true)", [String(limits.timeoutMs)])
    if (this.source.schema) await client.query("select set_config('search_path', $1, true)", [this.source.schema])
    const cursor = client.query(new Cursor(text, null, { rowMode: 'array' }))
    const rows = (await cursor.read(limits.maxRows + 1)) as unknown[][]
    const columns = cursor._result.fields.map((field) => field.name)
    await cursor.close()
    await client.query('rollback')
    const truncated = rows.length > limits.maxRows
    return {
      columns,
      rows: rows.slice(0, limits.maxRows).map((row) => row.map(toCell)),
      truncated,
      durationMs: performance.now() - started,
    }
  }

  async close(): Promise<void> {}
}

function translate(error: unknown, limits: ConsoleLimits): unknown {
  const e = error as { code?: unknown; message?: unknown }
  if (e.code === READ_ONLY_SQL_TRANSACTION) return new ReadOnlyRefusedError(String(e.message))
  if (e.code === QUERY_CANCELED) return new QueryTimeoutError(limits.timeoutMs)
  // A server error carries a five-character SQLSTATE; anything else is ours or the network's.
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return new QueryFailedError(String(e.message))
  return error
}
