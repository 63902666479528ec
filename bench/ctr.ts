// `npm run bench -- ctr`: POST /predict with 10 ids from a 1,000,000-ad table, against a
// bare node:http server answering a constant JSON of the same size, both at 50 connections.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase } from '../src/kit/db/database.ts'
import { runMigrations } from '../src/kit/runtime.ts'
import { ctrService } from '../src/services/ctr/index.ts'
import { upsertEstimates, type CtrTables } from '../src/services/ctr/repository.ts'
import { runLoad } from './lib/load.ts'
import { freePort, startProcess, stopProcess } from './lib/processes.ts'
import { printTable, type Row } from './lib/report.ts'
import { lcg } from './lib/random.ts'

const ADS = Number(process.env.BENCH_CTR_ADS ?? 1_000_000)
const IDS_PER_REQUEST = 10
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50

export async function benchCtr(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-ctr-'))
  try {
    const database = openDatabase({ sqliteFile: path.join(dataDir, 'flotilla.db') })
    await runMigrations(database, [ctrService])
    const random = lcg(1)
    const started = Date.now()
    const db = database.db as Kysely<CtrTables>
    await db.transaction().execute(async (trx) => {
      for (let from = 0; from < ADS; from += 100_000) {
        const batch = Array.from({ length: Math.min(100_000, ADS - from) }, (_, i) => ({ adId: from + i + 1, estimatedCvr: Math.round(random() * 1e9) / 1e9 }))
        await upsertEstimates(trx, batch, Date.now())
      }
    })
    await database.close()
    console.log(`stored ${ADS.toLocaleString('en-US')} ads in ${((Date.now() - started) / 1000).toFixed(1)} s`)

    // 1,000 distinct bodies of 10 ids, 1 in 10 ids unknown, as ad servers send them.
    const bodies = Array.from({ length: 1000 }, () =>
      JSON.stringify({ adId: Array.from({ length: IDS_PER_REQUEST }, () => Math.floor(random() * ADS * 1.1) + 1) }),
    )

    const rows: Row[] = []
    const port = await freePort()
    const flotilla = await startProcess(
      ['bin/flotilla.js', 'start'],
      { PORT: String(port), FLOTILLA_DATA_DIR: dataDir, FLOTILLA_SERVICES: 'ctr', LOG_LEVEL: 'warn' },
      `http://127.0.0.1:${port}/readyz`,
    )
    let sample: string
    try {
      sample = await (await fetch(`http://127.0.0.1:${port}/predict`, { method: 'POST', body: bodies[0]!, headers: { 'content-type': 'text/plain' } })).text()
      await runLoad({ url: `http://127.0.0.1:${port}/predict`, method: 'POST', bodies, connections: CONNECTIONS, durationSeconds: 2 }) // warm-up
      const r = await runLoad({ url: `http://127.0.0.1:${port}/predict`, method: 'POST', bodies, headers: { 'content-type': 'text/plain' }, connections: CONNECTIONS, durationSeconds: DURATION })
      rows.push({ name: 'flotilla POST /predict', figures: { 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, errors: r.errors + r.non2xx } })
    } finally {
      await stopProcess(flotilla)
    }

    const barePort = await freePort()
    const bare = await startProcess(['--import', 'tsx', 'bench/ctr-bare-server.ts'], { PORT: String(barePort), BARE_BODY: sample }, `http://127.0.0.1:${barePort}/`)
    try {
      await runLoad({ url: `http://127.0.0.1:${barePort}/`, method: 'POST', bodies, connections: CONNECTIONS, durationSeconds: 2 })
      const r = await runLoad({ url: `http://127.0.0.1:${barePort}/`, method: 'POST', bodies, headers: { 'content-type': 'text/plain' }, connections: CONNECTIONS, durationSeconds: DURATION })
      rows.push({ name: 'bare node:http', figures: { 'req/s': r.requestsPerSecond, 'p50 ms': r.p50Ms, 'p99 ms': r.p99Ms, errors: r.errors + r.non2xx } })
    } finally {
      await stopProcess(bare)
    }

    printTable(
      `ctr: POST /predict, ${IDS_PER_REQUEST} ids a request, ${ADS.toLocaleString('en-US')} ads stored, ${CONNECTIONS} connections, ${DURATION} s (autocannon, one process; server in another)`,
      rows,
      'bare node:http',
      ['req/s'],
    )
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
