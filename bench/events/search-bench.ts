import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { cpuSeconds, freePort, memoryKb, startProcess, stopProcess } from '../lib/processes.ts'
import { printTable, type Row } from '../lib/report.ts'
import { runLoad } from '../lib/load.ts'
import { SEED_DURATION_MS, SEED_MINUTES, SEED_T0 } from './seed.ts'
import { lcg } from '../lib/random.ts'

const CONNECTIONS = 50
const WANTED = 20

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

/** Closed-loop load after a warm-up, with the server's own CPU per request: what the ratio means when the load generator shares the two cores. */
async function measure(name: string, origin: string, paths: string[], pid: number, seconds: number): Promise<Row> {
  await runLoad({ url: origin, paths, connections: CONNECTIONS, durationSeconds: 5 })
  const cpu = cpuSeconds(pid)
  const r = await runLoad({ url: origin, paths, connections: CONNECTIONS, durationSeconds: seconds })
  const requests = r.requestsPerSecond * seconds
  return { name, figures: { 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, errors: r.errors + r.non2xx, 'server CPU µs/req': ((cpuSeconds(pid) - cpu) * 1e6) / requests } }
}

/**
 * /search with `stored` events, against SQL per request and a bare node:http server, 50
 * connections. The events are seeded by a child process, so that this one, which runs
 * the load, starts each measure with a small heap.
 */
export async function benchSearch(dataDir: string, stored: number, seconds: number): Promise<void> {
  const rows: Row[] = []
  let sample: string | undefined
  try {
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'bench/events/seed-only.ts', dataDir, String(stored)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    if (seeded.status !== 0) throw new Error(`seeding exited with ${seeded.status}`)
    console.log(`stored ${stored.toLocaleString('en-US')} events in ${Number(seeded.stdout.trim()).toFixed(1)} s`)
    for (const profiler of ['on', 'off'] as const) {
      const port = await freePort()
      const origin = `http://127.0.0.1:${port}`
      const started = performance.now()
      const flotilla = await startProcess(['--import', 'tsx', 'bench/events/server.ts'], { PORT: String(port), FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', FLOTILLA_PROFILER: profiler }, `${origin}/readyz`, 300_000)
      try {
        // Loading the index blocks the loop for a while; just after, under-pressure may shed (503) until its sampled delay settles.
        let answer = await fetch(`${origin}/api/events/status`)
        for (let tries = 0; answer.status === 503 && tries < 50; tries++) {
          await answer.arrayBuffer()
          await new Promise((r) => setTimeout(r, 200))
          answer = await fetch(`${origin}/api/events/status`)
        }
        const status = (await answer.json()) as { index: { size: number; lastRefreshMs: number } }
        console.log(`server ready in ${((performance.now() - started) / 1000).toFixed(1)} s; index of ${status.index.size.toLocaleString('en-US')} events loaded in ${(status.index.lastRefreshMs / 1000).toFixed(1)} s; RSS ${(memoryKb(flotilla.pid!, 'VmRSS') / 1024).toFixed(0)} MB`)
        const paths = windowPaths(stored, '/search')
        if (profiler === 'on') {
          const counts = await Promise.all(paths.slice(0, 200).map(async (p) => ((await (await fetch(origin + p)).json()) as { data: { events: unknown[] } }).data.events.length))
          console.log(`events per answer over 200 windows: mean ${(counts.reduce((a, b) => a + b, 0) / counts.length).toFixed(1)}, min ${Math.min(...counts)}, max ${Math.max(...counts)}`)
          sample = await (await fetch(origin + paths[0]!)).text()
        }
        // The index load leaves a large heap behind: its collection is not the searches' cost.
        await new Promise((r) => setTimeout(r, 5000))
        const row = await measure(`flotilla GET /search (in-memory index), profiler ${profiler}`, origin, paths, flotilla.pid!, seconds)
        row.figures['server RSS MB'] = memoryKb(flotilla.pid!, 'VmRSS') / 1024
        rows.push(row)
        if (profiler === 'on') rows.push(await measure('same search, one SQL query per request', origin, windowPaths(stored, '/bench/search-sql'), flotilla.pid!, seconds))
      } finally {
        await stopProcess(flotilla)
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  const barePort = await freePort()
  const bare = await startProcess(['--import', 'tsx', 'bench/events/bare-server.ts'], { PORT: String(barePort), BARE_BODY: sample ?? '{}' }, `http://127.0.0.1:${barePort}/`)
  try {
    rows.push(await measure('bare node:http', `http://127.0.0.1:${barePort}`, windowPaths(stored, '/search'), bare.pid!, seconds))
  } finally {
    await stopProcess(bare)
  }
  printTable(
    `events: GET /search, windows of ~${WANTED} events (${Buffer.byteLength(sample ?? '').toLocaleString('en-US')} bytes), ${stored.toLocaleString('en-US')} events stored, ${CONNECTIONS} connections, ${seconds} s after 5 s of warm-up (autocannon in this process, server in another, sharing the 2 cores)`,
    rows,
    'bare node:http',
    ['req/s', 'server CPU µs/req'],
  )
}
