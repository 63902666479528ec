import type { DatabaseSource } from '../../kit/db/database.ts'
import { ConsoleUnavailableError, type ConsoleLimits, type ConsoleResult, type ReadOnlyConsole } from './console-types.ts'
import { PostgresConsole } from './pg-console.ts'
import { SqliteConsole } from './sqlite-console.ts'

/** The console for where the data lives: a read-only transaction on PostgreSQL, a read-only connection on SQLite. */
export function openConsole(source: DatabaseSource): ReadOnlyConsole {
  if (source.dialect === 'postgres') return new PostgresConsole(source)
  if (source.file === ':memory:' || source.file === '') return unavailable('an in-memory SQLite database cannot be opened a second time, read-only')
  return new SqliteConsole(source.file)
}

function unavailable(why: string): ReadOnlyConsole {
  return {
    query: (_sql: string, _limits: ConsoleLimits): Promise<ConsoleResult> => Promise.reject(new ConsoleUnavailableError(why)),
    close: async () => {},
  }
}
