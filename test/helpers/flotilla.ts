import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { createFlotilla } from '../../src/app.ts'
import type { Runtime, RuntimeOptions } from '../../src/kit/runtime.ts'
import type { Server } from '../../src/kit/http/create-server.ts'
import type { TestDatabase } from './databases.ts'

export interface TestFlotilla {
  runtime: Runtime
  server: Server
  dataDir: string
  close(): Promise<void>
}

/** A whole Flotilla on a test database, with a private data dir and silent logs. */
export async function startTestFlotilla(db: TestDatabase, env: Record<string, string> = {}, options: Partial<RuntimeOptions> = {}): Promise<TestFlotilla> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-app-'))
  const runtime = await createFlotilla({
    database: db.database,
    log: pino({ level: 'silent' }),
    env: { FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    ...options,
  })
  if (!runtime.server) throw new Error('the test runtime has no HTTP server')
  return {
    runtime,
    server: runtime.server,
    dataDir,
    async close() {
      await runtime.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
