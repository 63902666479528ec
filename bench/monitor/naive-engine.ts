import type SQLite from 'better-sqlite3'

export interface NaiveSite {
  id: number
  url: string
  regex: string | null
}

/**
 * The baseline: what a first version (and the tools the spec names) does. One
 * setInterval per website, fetch, then one INSERT per check. Phases are spread evenly,
 * which is kinder to it than adding websites in a loop would be.
 */
export function startNaiveEngine(sqlite: SQLite.Database, sites: readonly NaiveSite[], intervalMs: number, observeLag: (ms: number) => void): () => void {
  const insert = sqlite.prepare('insert into monitor_check (website_id, started_at, response_ms, status, error, up, matches) values (?, ?, ?, ?, ?, ?, ?)')
  const timers: NodeJS.Timeout[] = []
  const t0 = Date.now()
  sites.forEach((site, i) => {
    const phase = Math.floor((i * intervalMs) / sites.length)
    let n = 0
    const tick = async (): Promise<void> => {
      const started = Date.now()
      observeLag(started - (t0 + phase + n * intervalMs))
      n += 1
      let status: number | null = null
      let matches: string | null = null
      try {
        const response = await fetch(site.url, { signal: AbortSignal.timeout(10_000) })
        const body = await response.text()
        status = response.status
        if (site.regex) matches = JSON.stringify(body.replace(/<[^>]*>/g, '').match(new RegExp(site.regex, 'g')) ?? [])
      } catch {
        // No response: the row records it with a null status.
      }
      const ms = Date.now() - started
      insert.run(site.id, started, ms, status, status === null ? 1 : null, status !== null && status < 400 ? 1 : 0, matches)
    }
    timers.push(
      setTimeout(() => {
        void tick()
        timers.push(setInterval(() => void tick(), intervalMs))
      }, phase),
    )
  })
  return () => {
    for (const timer of timers) clearTimeout(timer)
  }
}
