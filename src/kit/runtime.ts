import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { Broker } from './broker/broker.ts'
import { OutboxBus } from './bus/outbox-bus.ts'
import { busMigrations } from './bus/migrations.ts'
import { systemClock, type Clock } from './clock.ts'
import { ConfigError, configSchema, loadConfig, type BaseConfig } from './config.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { resolveAuth, type AuthSettings } from './http/auth.ts'
import { createServer, type Server } from './http/create-server.ts'
import { errorHandler, notFoundHandler } from './http/error-handler.ts'
import { registerHealth, type ReadinessCheck } from './http/health.ts'
import { jobsMigrations } from './jobs/migrations.ts'
import { JobQueue } from './jobs/queue.ts'
import type { JobDefinition } from './jobs/types.ts'
import { WorkerPool } from './jobs/worker-pool.ts'
import { createLogger } from './log.ts'
import { createHttpMetrics, createRegistry } from './metrics.ts'
import { Profiler } from './profiler/profiler.ts'
import { leadershipFor } from './schedule/leader.ts'
import { Scheduler } from './schedule/scheduler.ts'
import type { Schedule } from './schedule/types.ts'
import type { Role, ServiceDefinition, ServiceInstance } from './service.ts'

export interface RuntimeOptions {
  services: ServiceDefinition[]
  env?: Record<string, string | undefined>
  /** Tests hand in a database of their own (and close it themselves). */
  database?: Database
  clock?: Clock
  log?: Logger
  version?: string
  /** Platform routes (landing page, dashboard) that know about the whole runtime. */
  platform?: (runtime: Runtime) => Promise<void>
}

export interface RunningService {
  definition: ServiceDefinition
  instance: ServiceInstance
  /** The HTTP routes it registered (filled when this process serves HTTP). */
  routes: Array<{ method: string; url: string }>
}

export interface Runtime {
  config: BaseConfig & Record<string, unknown>
  role: Role
  version: string
  log: Logger
  registry: Registry
  database: Database
  jobs: JobQueue
  bus: OutboxBus
  auth: AuthSettings
  services: RunningService[]
  /** Present when the role serves the API (api or all). */
  server: Server | undefined
  /** Present for the other roles (worker, scheduler): /healthz, /readyz and /metrics only. */
  opsServer: Server | undefined
  /** Present when this process serves HTTP and FLOTILLA_PROFILER is on. */
  profiler: Profiler | undefined
  /** Present when the role fires schedules; `leading` says whether this process leads. */
  scheduler?: Scheduler | undefined
  startedAt: number
  listen(): Promise<string>
  close(): Promise<void>
}

/** Picks the services FLOTILLA_SERVICES names, in the order of the service list. */
export function selectServices(all: ServiceDefinition[], wanted: string): ServiceDefinition[] {
  if (wanted === 'all') return all
  const names = wanted.split(',').filter(Boolean)
  const unknown = names.filter((n) => !all.some((s) => s.name === n))
  if (unknown.length > 0) {
    throw new ConfigError([{ variable: 'FLOTILLA_SERVICES', message: `names unknown services ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})` }])
  }
  return all.filter((s) => names.includes(s.name))
}

/**
 * Assembles a process from the kit and a list of services: validated config, database
 * and migrations, jobs, bus, schedules, and the HTTP server: the API for the api role,
 * health and metrics only for the others. It does not listen; `listen()` does, so tests
 * can `inject` instead.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const schema = configSchema(options.services.map((s) => s.config).filter((c) => c !== undefined))
  const config = loadConfig(schema, options.env ?? process.env) as BaseConfig & Record<string, unknown>
  const role = config.FLOTILLA_ROLE
  const definitions = selectServices(options.services, config.FLOTILLA_SERVICES)
  const log = options.log ?? createLogger(config.LOG_LEVEL)
  const clock = options.clock ?? systemClock
  const version = options.version ?? '0.0.0'
  const registry = createRegistry()
  const dataDir = path.resolve(config.FLOTILLA_DATA_DIR)
  mkdirSync(dataDir, { recursive: true })

  const database = options.database ?? openConfiguredDatabase(config)
  await runMigrations(database, definitions)

  const jobs = new JobQueue(database, { clock, log: log.child({ part: 'jobs' }), registry })
  const bus = new OutboxBus(database, jobs, { log: log.child({ part: 'bus' }), registry })
  // With BROKER_URL, RabbitMQ carries "jobs ready" signals and the bus (src/kit/broker);
  // /readyz checks it, and close() closes it once the pool and the bus have stopped.
  const broker = config.BROKER_URL
    ? new Broker({ url: config.BROKER_URL, prefix: config.BROKER_PREFIX, maxDeliveries: config.BROKER_MAX_DELIVERIES, log: log.child({ part: 'broker' }) })
    : undefined
  broker?.carry(jobs, bus)
  const auth = resolveAuth(config.HOST, config.FLOTILLA_TOKEN, dataDir)

  const services: RunningService[] = []
  for (const definition of definitions) {
    const filesDir = path.join(dataDir, 'files', definition.name)
    const instance = await definition.create({
      config: config as any,
      role,
      database,
      jobs,
      bus,
      log: log.child({ service: definition.name }),
      metrics: registry,
      clock,
      filesDir,
      auth,
    })
    for (const s of instance.subscriptions ?? []) await bus.subscribe(s)
    services.push({ definition, instance, routes: [] })
  }

  const serves = role === 'api' || role === 'all'
  const works = role === 'worker' || role === 'all'
  const schedules = role === 'scheduler' || role === 'all'

  let server: Server | undefined
  let opsServer: Server | undefined
  const profiler = serves && config.FLOTILLA_PROFILER === 'on' ? new Profiler() : undefined
  const stopProfiling = profiler ? database.onQuery((event) => profiler.recordQuery(event)) : undefined
  const runtime: Runtime = {
    config, role, version, log, registry, database, jobs, bus, auth, services, server, opsServer, profiler, startedAt: clock.now(),
    listen: () => (server ?? opsServer)!.listen({ host: config.HOST, port: config.PORT }),
    close: () => close(),
  }

  const readiness: Record<string, ReadinessCheck> = { database: () => ping(database), ...(broker ? { broker: () => broker.ping() } : {}) }
  if (serves) {
    server = await createServer({
      log,
      registry,
      httpMetrics: createHttpMetrics(registry),
      auth,
      version,
      readiness,
      pressure: config,
      requestTimeoutMs: config.FLOTILLA_REQUEST_TIMEOUT_MS,
      ...(profiler ? { profiler } : {}),
    })
    runtime.server = server
    if (options.platform) await options.platform(runtime)
    for (const service of services) {
      const routes = service.instance.routes
      if (!routes) continue
      await server.register(async (scope) => {
        scope.addHook('onRoute', (route) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method]
          for (const method of methods) if (method !== 'HEAD') service.routes.push({ method, url: route.url })
        })
        await routes(scope)
      })
    }
  }

  for (const { instance } of services) await instance.start?.()

  const definitionsByType: Record<string, JobDefinition> = { [MAINTENANCE_JOB]: maintenanceJob(jobs, bus) }
  for (const { instance } of services) Object.assign(definitionsByType, instance.jobs ?? {})
  Object.assign(definitionsByType, bus.jobDefinitions())
  // Every role knows the types, so records show each type's maxAttempts from enqueue on.
  jobs.define(definitionsByType)
  const pool = works ? new WorkerPool(jobs, definitionsByType, { clock, leaseMs: config.FLOTILLA_JOB_LEASE_MS, log: log.child({ part: 'worker' }) }) : undefined
  const allSchedules: Schedule[] = [
    { name: 'kit.maintenance', job: MAINTENANCE_JOB, everyMs: 60 * 60 * 1000 },
    ...services.flatMap(({ definition, instance }) => (instance.schedules ?? []).map((s) => ({ ...s, name: `${definition.name}.${s.name}` }))),
  ]
  const scheduler = schedules
    ? new Scheduler(jobs, allSchedules, { clock, log: log.child({ part: 'scheduler' }), registry, leadership: leadershipFor(database, { log: log.child({ part: 'leader' }) }) })
    : undefined
  runtime.scheduler = scheduler
  if (!serves) runtime.opsServer = opsServer = createOpsServer(log, registry, readiness)
  if (works) bus.startRelay()
  pool?.start()
  scheduler?.start()
  await (server ?? opsServer)?.ready()

  let closing: Promise<void> | undefined
  async function close(): Promise<void> {
    closing ??= (async () => {
      await scheduler?.stop()
      // Stop taking requests first, then hand back or finish jobs, then the services.
      if (server) await server.close()
      await pool?.stop(config.FLOTILLA_SHUTDOWN_GRACE_MS)
      await bus.stopRelay()
      // A worker stays observable while it drains; readiness then reports the broker and database gone.
      if (opsServer) await opsServer.close()
      await broker?.close()
      for (const { instance } of [...services].reverse()) await instance.stop?.()
      stopProfiling?.()
      if (!options.database) await database.close()
    })()
    return closing
  }
  return runtime
}

export function openConfiguredDatabase(config: BaseConfig): Database {
  return openDatabase({ url: config.DATABASE_URL, sqliteFile: path.join(path.resolve(config.FLOTILLA_DATA_DIR), 'flotilla.db') })
}

/** The kit's tables first, then each service's, each with its own migration bookkeeping. */
export async function runMigrations(database: Database, definitions: ServiceDefinition[]): Promise<string[]> {
  const applied = (await migrateToLatest(database.db, database.dialect, 'kit', { ...jobsMigrations, ...busMigrations })).map((m) => `kit/${m}`)
  for (const d of definitions) {
    if (d.migrations) applied.push(...(await migrateToLatest(database.db, database.dialect, d.name, d.migrations)).map((m) => `${d.name}/${m}`))
  }
  return applied
}

const MAINTENANCE_JOB = 'kit.maintenance'
/**
 * Finished jobs and relayed messages are kept a week, for the dashboard and for
 * debugging, then purged. A week is longer than any schedule's period, which matters:
 * a schedule's dedupe key lives in its job row.
 */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000

function maintenanceJob(jobs: JobQueue, bus: OutboxBus): JobDefinition {
  return {
    handler: async () => ({ jobsPurged: await jobs.purgeFinished(RETENTION_MS), messagesPurged: await bus.purgeRelayed(RETENTION_MS) }),
  }
}

/**
 * What an orchestrator and Prometheus ask of a process that serves no API: liveness,
 * readiness (database, broker) and metrics, with the API's handlers and error shape. They
 * are public reads there too, so no auth hook (and no login routes) are needed.
 */
function createOpsServer(log: Logger, registry: Registry, readiness: Record<string, ReadinessCheck>): Server {
  const loggerInstance: FastifyBaseLogger = log
  const app = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }), forceCloseConnections: 'idle' }).withTypeProvider<TypeBoxTypeProvider>()
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })
  registerHealth(app, readiness)
  return app
}

async function ping(database: Database): Promise<void> {
  await database.db.selectNoFrom((eb) => eb.val(1).as('one')).execute()
}
