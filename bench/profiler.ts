// `benchProfiler()`: what per-request capture costs. The same Flotilla, started with
// FLOTILLA_PROFILER=on and =off in turn (alternating, so drift in the machine hits both;
// the median of the rounds is shown), answers a route that runs two SQL queries, and
// ctr's /predict, which runs none and is the hot path the capture must not slow.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase } from '../src/kit/db/database.ts'
import { runMigrations } from '../src/kit/runtime.ts'
import { ctrService } from '../src/services/ctr/index.ts'
import { upsertEstimates, type CtrTables } from '../src/services/ctr/repository.ts'
import { runLoad, type LoadOptions, type LoadResult } from './lib/load.ts'
import { freePort, startProcess, stopProcess } from './lib/processes.ts'
import { printTable, type Row } from './lib/report.ts'

const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4)
const CONNECTIONS = 10
const ROUTES: Array<{ path: string; method?: 'GET' | 'POST'; body?: string; note: string }> = [
  { path: '/api/admin/ctr/estimates?limit=10&filterColumn=adId&filterOp=gt&filterValue=500', note: 'GET /api/admin/ctr/estimates (2 SQL queries)' },
  { path: '/predict', method: 'POST', body: JSON.stringify({ adId: [1, 7, 42, 99, 512, 1024, 2048, 4096, 8191, 20000] }), note: 'POST /predict, 10 ids (no SQL)' },
]

/** The server's own CPU time: on a busy machine a steadier figure than requests per second. */
async function cpuSeconds(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith('process_cpu_seconds_total '))
  return Number(line?.split(' ')[1])
}

type Measured = LoadResult & { cpuMicrosPerRequest: number }

async function measure(dataDir: string, profiler: 'on' | 'off'): Promise<Measured[]> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = { PORT: String(port), FLOTILLA_DATA_DIR: dataDir, FLOTILLA_SERVICES: 'ctr', FLOTILLA_PROFILER: profiler, LOG_LEVEL: 'warn' }
  const child = await startProcess(['bin/flotilla.js', 'start'], env, `${base}/readyz`)
  try {
    const results: Measured[] = []
    for (const route of ROUTES) {
      const load: LoadOptions = { url: `${base}${route.path}`, method: route.method ?? 'GET', bodies: route.body ? [route.body] : [], connections: CONNECTIONS }
      await runLoad({ ...load, durationSeconds: 2 }) // warm-up
      const before = await cpuSeconds(base)
      const result = await runLoad({ ...load, durationSeconds: DURATION })
      const cpu = (await cpuSeconds(base)) - before
      results.push({ ...result, cpuMicrosPerRequest: (cpu * 1e6) / (result.requestsPerSecond * DURATION) })
    }
    return results
  } finally {
    await stopProcess(child)
  }
}

function median(results: Measured[]): Record<string, number> {
  const mid = (pick: (r: Measured) => number) => {
    const sorted = results.map(pick).sort((a, b) => a - b)
    const half = Math.floor(sorted.length / 2)
    return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2
  }
  return {
    'req/s': mid((r) => r.requestsPerSecond),
    'CPU µs/req': mid((r) => r.cpuMicrosPerRequest),
    'p50 ms': mid((r) => r.p50Ms),
    'p99 ms': mid((r) => r.p99Ms),
    errors: mid((r) => r.errors + r.non2xx),
  }
}

export async function benchProfiler(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-profiler-'))
  try {
    const database = openDatabase({ sqliteFile: path.join(dataDir, 'flotilla.db') })
    await runMigrations(database, [ctrService])
    const estimates = Array.from({ length: 10_000 }, (_, i) => ({ adId: i + 1, estimatedCvr: (i % 1000) / 1000 }))
    await (database.db as Kysely<CtrTables>).transaction().execute((trx) => upsertEstimates(trx, estimates, Date.now()))
    await database.close()

    const runs: Record<'on' | 'off', Measured[][]> = { on: [], off: [] }
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) runs[mode].push(await measure(dataDir, mode))
    }
    ROUTES.forEach((route, i) => {
      const rows: Row[] = (['off', 'on'] as const).map((mode) => ({ name: `profiler ${mode}`, figures: median(runs[mode].map((r) => r[i]!)) }))
      printTable(`profiler cost: ${route.note}, ${CONNECTIONS} connections, median of ${ROUNDS} × ${DURATION} s (autocannon; server in another process)`, rows, 'profiler off', ['req/s', 'CPU µs/req'])
    })
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
