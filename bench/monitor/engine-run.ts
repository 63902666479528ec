// One engine in its own process, for `npm run bench -- monitor`: flotilla's (the service's
// real engine, HTTP client, writer and database code) or the naive baseline. Prints a
// RunReport as one JSON line.
import path from 'node:path'
import SQLite from 'better-sqlite3'
import type { Kysely } from 'kysely'
import pino from 'pino'
import { OutboxBus } from '../../src/kit/bus/outbox-bus.ts'
import { systemClock } from '../../src/kit/clock.ts'
import { configSchema, loadConfig } from '../../src/kit/config.ts'
import { openDatabase } from '../../src/kit/db/database.ts'
import { JobQueue } from '../../src/kit/jobs/queue.ts'
import { createRegistry } from '../../src/kit/metrics.ts'
import { metricSum } from '../lib/metrics.ts'
import { runMigrations } from '../../src/kit/runtime.ts'
import type { ServiceContext } from '../../src/kit/service.ts'
import { MonitorConfig } from '../../src/services/monitor/config.ts'
import { createEngine } from '../../src/services/monitor/engine/create-engine.ts'
import { monitorService } from '../../src/services/monitor/index.ts'
import { createMonitorMetrics } from '../../src/services/monitor/metrics.ts'
import type { MonitorTables } from '../../src/services/monitor/repository/tables.ts'
import { WebsiteService } from '../../src/services/monitor/website-service.ts'
import { percentile, resourceMeter, siteRegex, siteUrl, type RunReport } from './measure.ts'
import { startNaiveEngine } from './naive-engine.ts'

const engineName = process.env.ENGINE ?? 'flotilla'
const websites = Number(process.env.WEBSITES ?? 1000)
const seconds = Number(process.env.SECONDS ?? 30)
const intervalSeconds = Number(process.env.INTERVAL ?? 5)
const ports = (process.env.PORTS ?? '').split(',').map(Number)
const file = path.join(process.env.DATA_DIR ?? '.', 'flotilla.db')

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const database = openDatabase({ sqliteFile: file })
await runMigrations(database, [monitorService])
const db = database.db as Kysely<MonitorTables>
const jobs = new JobQueue(database)
const service = new WebsiteService({ db, dialect: 'sqlite', clock: systemClock, jobs })
await service.import(Array.from({ length: websites }, (_, i) => ({ url: siteUrl(ports, i), intervalSeconds, regex: siteRegex(i) })))

let windowStart = Number.POSITIVE_INFINITY
const lags: number[] = []
const observeLag = (ms: number) => {
  if (Date.now() >= windowStart) lags.push(ms)
}
const meter = resourceMeter()
let stop: () => Promise<void>
/** Checks the engine itself gave up (skipped as overdue, or dropped unwritten) so far; the naive engine keeps no count. */
let givenUp: () => Promise<number | null> = async () => null
if (engineName === 'flotilla') {
  const registry = createRegistry()
  givenUp = async () => {
    const text = await registry.metrics()
    return metricSum(text, 'monitor_checks_skipped_total') + metricSum(text, 'monitor_checks_dropped_total')
  }
  const config = loadConfig(configSchema([MonitorConfig]), { ...process.env, FLOTILLA_DATA_DIR: path.dirname(file) }) as ServiceContext<MonitorConfig>['config']
  const log = pino({ level: 'warn' })
  const ctx: ServiceContext<MonitorConfig> = { config, role: 'worker', database, jobs, bus: new OutboxBus(database, jobs), log, metrics: registry, clock: systemClock, filesDir: path.dirname(file), auth: { enabled: false, token: 'bench', generated: false } }
  const engine = createEngine(ctx, db, createMonitorMetrics(registry), { observeLag })
  await engine.host.start()
  stop = () => engine.stop()
} else {
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  const sites = Array.from({ length: websites }, (_, i) => ({ id: i + 1, url: siteUrl(ports, i), regex: siteRegex(i) }))
  const end = startNaiveEngine(sqlite, sites, intervalSeconds * 1000, observeLag)
  stop = async () => {
    end()
    await sleep(2000)
    sqlite.close()
  }
}

// One interval of warm-up by default: connections opened, code optimized, phases under way.
// BENCH_MONITOR_WARMUP_S longer also leaves out the start's burst of first state changes.
await sleep(Number(process.env.BENCH_MONITOR_WARMUP_S ?? intervalSeconds + 1) * 1000)
windowStart = Date.now()
meter.start()
const givenUpBefore = await givenUp()
await sleep(seconds * 1000)
const windowEnd = Date.now()
const resources = meter.stop()
const givenUpAfter = await givenUp()
await stop()

const counted = await db
  .selectFrom('monitor_check')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('started_at', '>=', windowStart)
  .where('started_at', '<', windowEnd)
  .executeTakeFirstOrThrow()
const durations = (await db.selectFrom('monitor_check').select('response_ms').where('started_at', '>=', windowStart).where('started_at', '<', windowEnd).execute()).map((r) => Number(r.response_ms)).sort((a, b) => a - b)
const total = await db.selectFrom('monitor_check').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
const raw = new SQLite(file, { readonly: true })
const { bytes } = raw.prepare(`select sum(pgsize) as bytes from dbstat where name in ('monitor_check', 'monitor_check_website_time')`).get() as { bytes: number }
raw.close()
await database.close()

lags.sort((a, b) => a - b)
const report: RunReport = {
  engine: engineName,
  websites,
  seconds: (windowEnd - windowStart) / 1000,
  checks: Number(counted.n),
  skipped: givenUpBefore === null || givenUpAfter === null ? null : givenUpAfter - givenUpBefore,
  lagP50: percentile(lags, 50),
  lagP99: percentile(lags, 99),
  lagMax: lags[lags.length - 1] ?? Number.NaN,
  checkP50: percentile(durations, 50),
  checkP99: percentile(durations, 99),
  ...resources,
  bytesPerCheck: bytes / Math.max(1, Number(total.n)),
}
process.stdout.write(`${JSON.stringify(report)}\n`)
