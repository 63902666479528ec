import { readFileSync, rmSync } from 'node:fs'
import { freePort, startProcess, stopProcess } from '../lib/processes.ts'
import { printTable, type Row } from '../lib/report.ts'
import { runLoad } from '../lib/load.ts'
import { SEED_DURATION_MS, SEED_MINUTES, SEED_T0, seedEvents } from './seed.ts'

const CONNECTIONS = 50
const WANTED = 20

function lcg(seed: number): () => number {
  let s = seed
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
}

/** 1,000 windows that each hold about 20 events: two-hour events, so two hours plus the time 20 events take to start. */
export function windowPaths(stored: number, route: string): string[] {
  const perMinute = stored / SEED_MINUTES
  const windowMs = SEED_DURATION_MS + Math.round((WANTED / perMinute) * 60_000)
  const random = lcg(3)
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '')
  return Array.from({ length: 1000 }, () => {
    const from = SEED_T0 + Math.floor(random() * (SEED_MINUTES - 24 * 60)) * 60_000
    return `${route}?starts_at=${iso(from)}&ends_at=${iso(from + windowMs)}`
  })
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

/** /search with `stored` events, against SQL per request and a bare node:http server, 50 connections. */
export async function benchSearch(dataDir: string, stored: number, seconds: number): Promise<void> {
  const rows: Row[] = []
  let sample: string | undefined
  try {
    const seeding = await seedEvents(dataDir, stored)
    console.log(`stored ${stored.toLocaleString('en-US')} events in ${seeding.toFixed(1)} s`)
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const started = performance.now()
    const flotilla = await startProcess(['--import', 'tsx', 'bench/events/server.ts'], { PORT: String(port), FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, `${origin}/readyz`, 300_000)
    try {
      // Loading the index blocks the loop for a while; just after, under-pressure may shed (503) until its sampled delay settles.
      let answer = await fetch(`${origin}/api/events/status`)
      for (let tries = 0; answer.status === 503 && tries < 50; tries++) {
        await answer.arrayBuffer()
        await new Promise((r) => setTimeout(r, 200))
        answer = await fetch(`${origin}/api/events/status`)
      }
      const status = (await answer.json()) as { index: { size: number; lastRefreshMs: number } }
      const rss = rssMb(flotilla.pid)
      console.log(`server ready in ${((performance.now() - started) / 1000).toFixed(1)} s; index of ${status.index.size.toLocaleString('en-US')} events loaded in ${(status.index.lastRefreshMs / 1000).toFixed(1)} s; RSS ${rss.toFixed(0)} MB`)
      const paths = windowPaths(stored, '/search')
      const counts = await Promise.all(paths.slice(0, 200).map(async (p) => ((await (await fetch(origin + p)).json()) as { data: { events: unknown[] } }).data.events.length))
      console.log(`events per answer over 200 windows: mean ${(counts.reduce((a, b) => a + b, 0) / counts.length).toFixed(1)}, min ${Math.min(...counts)}, max ${Math.max(...counts)}`)
      sample = await (await fetch(origin + paths[0]!)).text()
      for (const [name, route] of [['flotilla GET /search (in-memory index)', '/search'], ['same search, one SQL query per request', '/bench/search-sql']] as const) {
        const routePaths = windowPaths(stored, route)
        await runLoad({ url: origin, paths: routePaths, connections: CONNECTIONS, durationSeconds: 2 })
        const r = await runLoad({ url: origin, paths: routePaths, connections: CONNECTIONS, durationSeconds: seconds })
        rows.push({ name, figures: { 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, errors: r.errors + r.non2xx } })
      }
      rows[0]!.figures['server RSS MB'] = rssMb(flotilla.pid)
    } finally {
      await stopProcess(flotilla)
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  const barePort = await freePort()
  const bare = await startProcess(['--import', 'tsx', 'bench/events/bare-server.ts'], { PORT: String(barePort), BARE_BODY: sample ?? '{}' }, `http://127.0.0.1:${barePort}/`)
  try {
    const paths = windowPaths(stored, '/search')
    await runLoad({ url: `http://127.0.0.1:${barePort}`, paths, connections: CONNECTIONS, durationSeconds: 2 })
    const r = await runLoad({ url: `http://127.0.0.1:${barePort}`, paths, connections: CONNECTIONS, durationSeconds: seconds })
    rows.push({ name: 'bare node:http', figures: { 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, errors: r.errors + r.non2xx } })
  } finally {
    await stopProcess(bare)
  }
  printTable(
    `events: GET /search, windows of ~${WANTED} events (${Buffer.byteLength(sample ?? '').toLocaleString('en-US')} bytes), ${stored.toLocaleString('en-US')} events stored, ${CONNECTIONS} connections, ${seconds} s (autocannon, one process; server in another)`,
    rows,
    'bare node:http',
    ['req/s'],
  )
}
