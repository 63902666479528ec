import { after, before } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla, type TestFlotilla } from '../helpers/flotilla.ts'

/**
 * One Flotilla for a whole test file, on a fresh SQLite database, torn down after it.
 * `started` receives it once it is up.
 */
export function fileFlotilla(env: Record<string, string>, started: (f: TestFlotilla) => void): void {
  let db: TestDatabase
  let f: TestFlotilla
  before(async () => {
    db = await createTestDatabase('sqlite')
    f = await startTestFlotilla(db, env)
    started(f)
  })
  after(async () => {
    await f.close()
    await db.cleanup()
  })
}
