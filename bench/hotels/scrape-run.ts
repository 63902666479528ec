import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { metricSum } from '../lib/metrics.ts'
import { freePort, startProcess, stopProcess } from '../lib/processes.ts'

export interface ScrapeRun {
  hotels: number
  failed: number
  /** The search job's own time, created → finished. */
  seconds: number
  /** Source pages fetched, typeahead and robots.txt included. */
  pages: number
  loopP50Ms: number
  loopP99Ms: number
  loopMaxMs: number
  /** CPU time of the API process over the scrape, in % of one core. */
  cpuPercent: number
  parsedMb: number
  parseSeconds: number
}

interface Summary {
  id: number
  status: string
  subJobs: { succeeded: number; failed: number; skipped: number; total: number }
  error: string | null
  createdAt: number
  finishedAt: number | null
}

/**
 * One background search on a fresh Flotilla process (SQLite in a fresh data dir): every
 * list page of `query` from page 1, followed through the recent-searches summary (which
 * carries no hotels, so watching costs the API little), with the event-loop delay
 * histogram reset as it starts and read as it ends.
 */
export async function runScrape(sourceUrl: string, query: string, listPages: number, env: Record<string, string>): Promise<ScrapeRun> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-hotels-'))
  const child = await startProcess(
    // BENCH_CPU_PROF=dir: a V8 CPU profile of the API process (main thread) per run, for `--cpu-prof` readers.
    [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', 'bench/hotels/server.ts'],
    { PORT: String(port), HOST: '127.0.0.1', FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOTELS_SOURCE_URL: sourceUrl, ...env },
    `${base}/readyz`,
  )
  try {
    await sleep(500)
    await fetch(`${base}/bench/loop-delay?reset=1`).then((r) => r.arrayBuffer())
    const started = await fetch(`${base}/fastapi/search-hotels-using-celery/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, page: 1, pages: listPages }),
    })
    if (!started.ok) throw new Error(`search-hotels-using-celery answered ${started.status}: ${await started.text()}`)
    const id = Number(await started.json())
    let job: Summary | undefined
    for (;;) {
      await sleep(200)
      const { jobs } = (await (await fetch(`${base}/api/hotels/jobs?limit=5`)).json()) as { jobs: Summary[] }
      job = jobs.find((j) => j.id === id)
      if (job && job.finishedAt !== null) break
    }
    const loop = (await (await fetch(`${base}/bench/loop-delay`)).json()) as { p50: number; p99: number; max: number; cpuPercent: number }
    if (job.error) throw new Error(`the search failed: ${job.error}`)
    const metrics = await (await fetch(`${base}/metrics`)).text()
    return {
      hotels: job.subJobs.succeeded,
      failed: job.subJobs.failed + job.subJobs.skipped,
      seconds: (job.finishedAt - job.createdAt) / 1000,
      pages: metricSum(metrics, 'hotels_pages_fetched_total', 'outcome="ok"'),
      loopP50Ms: loop.p50,
      loopP99Ms: loop.p99,
      loopMaxMs: loop.max,
      cpuPercent: loop.cpuPercent,
      parsedMb: metricSum(metrics, 'hotels_parsed_bytes_total') / 1e6,
      parseSeconds: metricSum(metrics, 'hotels_parse_duration_seconds_sum'),
    }
  } finally {
    await stopProcess(child)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
