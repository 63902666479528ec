import Type from 'typebox'
import type { Database } from '../../kit/db/database.ts'
import type { Server } from '../../kit/http/create-server.ts'
import { NotFoundError } from '../../kit/http/errors.ts'
import type { ConsoleLimits } from './console-types.ts'
import { listTables, quoteIdentifier } from './introspect.ts'
import { openConsole } from './open-console.ts'

export const CONSOLE_LIMITS: ConsoleLimits = { maxRows: 500, timeoutMs: 5_000 }

const config = { access: 'admin' as const }
const tags = ['database']
const security = [{ bearer: [] }]

const Result = Type.Object({
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.Unknown())),
  truncated: Type.Boolean(),
  durationMs: Type.Number(),
})

/**
 * `/api/db`: the database browser. Rows and the SQL console both go through the
 * read-only console, so they share its row and time limits, and on SQLite a slow
 * query runs outside this process.
 */
export function registerDbBrowser(app: Server, database: Database): void {
  const readOnly = openConsole(database.source)
  app.addHook('onClose', () => readOnly.close())

  app.get('/api/db/tables', { config, schema: { tags, security, summary: 'Tables and their columns' } }, async () => ({
    dialect: database.dialect,
    location: database.location,
    limits: CONSOLE_LIMITS,
    tables: await listTables(database),
  }))

  app.get(
    '/api/db/tables/:table/rows',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'A page of a table\u2019s rows',
        params: Type.Object({ table: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ offset: Type.Integer({ minimum: 0, default: 0 }), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
      },
    },
    async (request) => {
      const { table } = request.params
      const { offset, limit } = request.query
      if (!(await listTables(database)).some((t) => t.name === table)) throw new NotFoundError(`no table ${table}`)
      const result = await readOnly.query(`select * from ${quoteIdentifier(table)} limit ${limit + 1} offset ${offset}`, { ...CONSOLE_LIMITS, maxRows: limit + 1 })
      return { table, offset, limit, columns: result.columns, rows: result.rows.slice(0, limit), hasMore: result.rows.length > limit }
    },
  )

  app.post(
    '/api/db/query',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Run one read-only SQL statement (row and time limits apply)',
        body: Type.Object({ sql: Type.String({ minLength: 1, maxLength: 20_000 }), maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: CONSOLE_LIMITS.maxRows })) }),
        response: { 200: Result },
      },
    },
    async (request) => readOnly.query(request.body.sql, { ...CONSOLE_LIMITS, maxRows: request.body.maxRows ?? CONSOLE_LIMITS.maxRows }),
  )
}
