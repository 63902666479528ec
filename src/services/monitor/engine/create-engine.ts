import type { Kysely } from 'kysely'
import type { ServiceContext } from '../../../kit/service.ts'
import type { MonitorConfig } from '../config.ts'
import { registerWebsiteGauge, type MonitorMetrics } from '../metrics.ts'
import { persistResults } from '../persist-results.ts'
import type { MonitorTables } from '../repository/tables.ts'
import { CheckEngine, type CheckEngineOptions } from './check-engine.ts'
import { EngineHost } from './engine-host.ts'
import { createHttpChecker } from './http-check.ts'
import { RegexPool } from './regex-pool.ts'
import { ResultWriter } from './result-writer.ts'

export interface RunningEngine {
  host: EngineHost
  engine: CheckEngine
  status(): Record<string, unknown>
  stop(): Promise<void>
}

/** The check engine of a worker process, with its HTTP client, regex threads and writer. */
export function createEngine(ctx: ServiceContext<MonitorConfig>, db: Kysely<MonitorTables>, metrics: MonitorMetrics, extra: Pick<CheckEngineOptions, 'observeLag'> = {}): RunningEngine {
  const config = ctx.config
  const log = ctx.log.child({ part: 'engine' })
  const regexPool = new RegexPool({ threads: config.MONITOR_REGEX_THREADS, budgetMs: config.MONITOR_REGEX_BUDGET_MS })
  const checker = createHttpChecker({
    maxBodyBytes: config.MONITOR_MAX_BODY_BYTES,
    maxRedirects: config.MONITOR_MAX_REDIRECTS,
    connectionsPerOrigin: config.MONITOR_CONNECTIONS_PER_ORIGIN,
    userAgent: config.MONITOR_USER_AGENT,
    regexPool,
  })
  const writer = new ResultWriter({ persist: persistResults(db, ctx.bus), log, metrics, flushMs: config.MONITOR_FLUSH_MS })
  const engine = new CheckEngine({
    clock: ctx.clock,
    check: (target, signal) => checker.check(target, signal),
    sink: writer,
    log,
    metrics,
    concurrency: config.MONITOR_CONCURRENCY,
    timeoutMs: Math.round(config.MONITOR_TIMEOUT_SECONDS * 1000),
    failureThreshold: config.MONITOR_FAILURE_THRESHOLD,
    ...extra,
  })
  registerWebsiteGauge(ctx.metrics, () => engine.countsByState())
  const host = new EngineHost({ db, engine, writer, clock: ctx.clock, log })
  return {
    host,
    engine,
    status: () => ({
      engines: host.engineCount,
      watched: engine.size,
      byState: engine.countsByState(),
      inFlight: engine.inFlightCount,
      pendingWrites: writer.pending,
      ...engine.counters,
    }),
    async stop() {
      await host.stop()
      await checker.close()
      await regexPool.close()
    },
  }
}
