import { createError } from '../../kit/http/errors.ts'

export interface ConsoleLimits {
  maxRows: number
  timeoutMs: number
}

export interface ConsoleResult {
  columns: string[]
  rows: unknown[][]
  /** More rows existed than the limit let through. */
  truncated: boolean
  durationMs: number
}

/** Runs one statement where it cannot write; each dialect enforces that its own way. */
export interface ReadOnlyConsole {
  query(sql: string, limits: ConsoleLimits): Promise<ConsoleResult>
  close(): Promise<void>
}

export const ReadOnlyRefusedError = createError<[string]>(
  'FLOTILLA_DB_READ_ONLY',
  'The SQL console is read-only: the database refused to write (%s). Change data through the admin or the API.',
  403,
)
export const QueryTimeoutError = createError<[number]>('FLOTILLA_DB_TIMEOUT', 'The query was stopped after %s ms, the console\u2019s time limit.', 422)
// A console shows the database's own message on purpose: it is the answer its user asked for.
export const QueryFailedError = createError<[string]>('FLOTILLA_DB_QUERY_FAILED', 'The database rejected the query: %s', 400)
export const ConsoleUnavailableError = createError<[string]>('FLOTILLA_DB_CONSOLE_UNAVAILABLE', '%s', 503)
