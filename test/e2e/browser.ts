import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import type { RuntimeOptions } from '../../src/kit/runtime.ts'
import { createTestDatabase, requireServices } from '../helpers/databases.ts'
import { startTestFlotilla, type TestFlotilla } from '../helpers/flotilla.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-output/screenshots')
/** Generous: a loaded two-core machine can take seconds to draw a page. */
const ACTION_TIMEOUT_MS = 30_000

/** Why a browser test should skip (no Chromium on a laptop); throws under FLOTILLA_REQUIRE_SERVICES=1. */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined
  const reason = `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) to run the browser tests`
  if (requireServices) throw new Error(`FLOTILLA_REQUIRE_SERVICES=1 but ${reason}`)
  return reason
}

export interface BrowserRun {
  flotilla: TestFlotilla
  /** `http://127.0.0.1:<port>` */
  base: string
  page: Page
  /** A request from the test itself, outside the browser (e.g. to seed data). */
  call(pathname: string, init?: RequestInit): Promise<Response>
  screenshot(name: string): Promise<void>
  close(): Promise<void>
}

/**
 * A Flotilla on a fresh SQLite database, listening on a free port of 127.0.0.1 (whatever
 * HOST says, which decides only whether auth is on), and a headless Chromium with a
 * profile of its own.
 */
export async function openBrowserRun(env: Record<string, string> = {}, options: Partial<RuntimeOptions> = {}): Promise<BrowserRun> {
  const db = await createTestDatabase('sqlite')
  const flotilla = await startTestFlotilla(db, { FLOTILLA_SERVICES: 'ctr', ...env }, options)
  const profile = mkdtempSync(path.join(os.tmpdir(), 'flotilla-chromium-'))
  let context: BrowserContext | undefined
  const close = async () => {
    await context?.close().catch(() => {})
    await flotilla.close()
    await db.cleanup()
    rmSync(profile, { recursive: true, force: true })
  }
  try {
    const base = (await flotilla.server.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    })
    context.setDefaultTimeout(ACTION_TIMEOUT_MS)
    const page = context.pages()[0] ?? (await context.newPage())
    mkdirSync(SCREENSHOTS, { recursive: true })
    return {
      flotilla,
      base,
      page,
      call: (pathname, init) => fetch(`${base}${pathname}`, init),
      screenshot: async (name) => void (await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })),
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/** Seeds ctr through its API, as an operator would. */
export async function seedEstimates(run: BrowserRun, estimates: Array<{ adId: number; estimatedCVR: number }>, token?: string): Promise<void> {
  const response = await run.call('/api/ctr/estimates', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ estimates }),
  })
  if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`)
}
