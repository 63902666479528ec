import { setTimeout as sleep } from 'node:timers/promises'
import { migrateToLatest } from '../../../src/kit/db/migrate.ts'
import type { Database } from '../../../src/kit/db/database.ts'
import { busMigrations } from '../../../src/kit/bus/migrations.ts'
import { jobsMigrations } from '../../../src/kit/jobs/migrations.ts'

export async function migrateKit(database: Database): Promise<void> {
  await migrateToLatest(database.db, database.dialect, 'kit', { ...jobsMigrations, ...busMigrations })
}

/** Polls `check` until it returns something truthy; fails after a generous timeout, never asserts on time. */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/** A promise the test opens when it chooses, to hold handlers mid-run. */
export class Gate {
  private release: () => void = () => {}
  readonly opened: Promise<void> = new Promise((resolve) => (this.release = resolve))
  open(): void {
    this.release()
  }
}
