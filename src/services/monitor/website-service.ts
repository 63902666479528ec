import type { Kysely } from 'kysely'
import type { Clock } from '../../kit/clock.ts'
import type { Dialect } from '../../kit/db/database.ts'
import type { JobQueue } from '../../kit/jobs/queue.ts'
import { withDetails } from '../../kit/http/errors.ts'
import { BadWebsiteError, WebsiteExistsError, WebsiteNotFoundError } from './errors.ts'
import { isUniqueViolation, type MonitorTables } from './repository/tables.ts'
import * as repo from './repository/websites.ts'
import { checkWebsiteInput, normalizeRegex, type Website, type WebsiteInput } from './website.ts'

export const PURGE_JOB = 'monitor.purge-website'
/** Engines elsewhere notice a deletion within a reconcile (60 s); the purge waits past it. */
const PURGE_DELAY_MS = 2 * 60_000

export interface WebsiteServiceDeps {
  db: Kysely<MonitorTables>
  dialect: Dialect
  clock: Clock
  jobs: JobQueue
  /** This process's engine, told at once (engines elsewhere learn at their next sync). */
  onChange?: (website: Website) => void
  onDelete?: (id: number) => void
}

function checked<T extends Partial<WebsiteInput>>(input: T, base?: Website): T {
  const merged: WebsiteInput = { url: base?.url ?? '', intervalSeconds: base?.intervalSeconds ?? 0, ...input }
  const problem = checkWebsiteInput(merged)
  if (problem) throw withDetails(new BadWebsiteError(`${problem.field} ${problem.reason}`), { field: problem.field })
  return input.regex === undefined ? input : { ...input, regex: normalizeRegex(input.regex) }
}

/** The service functions behind both interfaces: validation, uniqueness, engine notice. */
export class WebsiteService {
  constructor(private readonly deps: WebsiteServiceDeps) {}

  async create(input: WebsiteInput): Promise<Website> {
    const clean = checked(input)
    let website: Website
    try {
      website = await repo.insertWebsite(this.deps.db, clean, this.deps.clock.now())
    } catch (error) {
      if (isUniqueViolation(error)) throw withDetails(new WebsiteExistsError(input.url), { field: 'url' })
      throw error
    }
    this.deps.onChange?.(website)
    return website
  }

  async get(id: number): Promise<Website> {
    const website = await repo.findWebsite(this.deps.db, id)
    if (!website) throw new WebsiteNotFoundError(`no website ${id}`)
    return website
  }

  async getByUrl(url: string): Promise<Website> {
    const website = await repo.findWebsiteByUrl(this.deps.db, url)
    if (!website) throw new WebsiteNotFoundError(`no website ${url}`)
    return website
  }

  async update(id: number, patch: Partial<WebsiteInput>): Promise<Website> {
    const current = await this.get(id)
    const clean = checked(patch, current)
    let website: Website | undefined
    try {
      website = await repo.updateWebsite(this.deps.db, id, clean, this.deps.clock.now())
    } catch (error) {
      if (isUniqueViolation(error)) throw withDetails(new WebsiteExistsError(patch.url ?? ''), { field: 'url' })
      throw error
    }
    if (!website) throw new WebsiteNotFoundError(`no website ${id}`)
    this.deps.onChange?.(website)
    return website
  }

  async delete(id: number): Promise<void> {
    const deleted = await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repo.deleteWebsite(trx, id))) return false
      await this.deps.jobs.enqueue(PURGE_JOB, { websiteId: id }, { key: `${PURGE_JOB}:${id}`, runAt: this.deps.clock.now() + PURGE_DELAY_MS, trx })
      return true
    })
    if (!deleted) throw new WebsiteNotFoundError(`no website ${id}`)
    this.deps.onDelete?.(id)
  }

  /**
   * Adds or updates many websites by url in one transaction: a bad entry anywhere leaves
   * everything as it was. Returns how many were created and updated.
   */
  async import(inputs: readonly WebsiteInput[]): Promise<{ created: number; updated: number }> {
    const clean = inputs.map((input, index) => {
      try {
        return checked(input)
      } catch (error) {
        throw withDetails(new BadWebsiteError(`websites[${index}]: ${(error as Error).message}`), { index })
      }
    })
    const now = this.deps.clock.now()
    const changed: Website[] = []
    const result = await this.deps.db.transaction().execute(async (trx) => {
      const existing = new Map((await repo.findWebsitesByUrl(trx, [...new Set(clean.map((w) => w.url))])).map((w) => [w.url, w]))
      let created = 0
      let updated = 0
      for (const input of clean) {
        const found = existing.get(input.url)
        const website = found ? await repo.updateWebsite(trx, found.id, input, now) : await repo.insertWebsite(trx, input, now)
        if (!website) continue
        if (found) updated++
        else created++
        existing.set(website.url, website)
        changed.push(website)
      }
      return { created, updated }
    })
    for (const website of changed) this.deps.onChange?.(website)
    return result
  }
}
