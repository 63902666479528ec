import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import underPressure from '@fastify/under-pressure'
import { Socket } from 'node:net'
import { getHeapStatistics } from 'node:v8'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import Type from 'typebox'
import { BaseConfig, loadConfig } from '../config.ts'
import type { HttpMetrics } from '../metrics.ts'
import type { Profiler } from '../profiler/profiler.ts'
import { registerProfilerHooks } from '../profiler/profiler-hooks.ts'
import type { AuthSettings } from './auth.ts'
import { registerAuth } from './auth-hook.ts'
import { errorHandler, notFoundHandler, type ErrorBody } from './error-handler.ts'
import { registerHealth, type ReadinessCheck } from './health.ts'
import { refuseNonFiniteNumbers } from './finite-numbers.ts'
import { HotPaths } from './hot-paths.ts'
import './route-config.ts'

export interface ServerOptions {
  log: Logger
  registry: Registry
  httpMetrics: HttpMetrics
  auth: AuthSettings
  version: string
  readiness: Record<string, ReadinessCheck>
  bodyLimit?: number
  /** Per-request capture for the profiler page; absent when FLOTILLA_PROFILER=off. */
  profiler?: Profiler
  /** Overload limits (config.ts); absent, read from the process's environment. */
  pressure?: Pick<BaseConfig, 'FLOTILLA_MAX_EVENT_LOOP_DELAY_MS' | 'FLOTILLA_MAX_HEAP_MB' | 'FLOTILLA_SHED_RETRY_AFTER_S'>
  /** FLOTILLA_REQUEST_TIMEOUT_MS; absent, read from the process's environment. */
  requestTimeoutMs?: number
}

/**
 * Node's own request timers, set explicitly (the server is made here, so Fastify's
 * options do not reach it): the whole request within `requestTimeoutMs` (a slow-loris
 * upload gets 408 and its connection closed), the headers within a minute at most, and
 * the timers checked often enough for a short limit to hold.
 */
function requestTimers(requestTimeoutMs: number) {
  const limit = requestTimeoutMs === 0 ? Number.POSITIVE_INFINITY : requestTimeoutMs
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(60_000, limit),
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(limit / 4))),
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Public GET routes answered before Fastify's pipeline (see hot-paths.ts). */
    hotPaths: HotPaths
  }
}

/** The Fastify instance every route is declared on, typed by its TypeBox schemas. */
export type Server = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

/**
 * The HTTP shell every service's routes live in: TypeBox validation, OpenAPI at /docs
 * and /openapi.json, one error shape, request ids, auth, RED metrics, health.
 */
export async function createServer(options: ServerOptions): Promise<Server> {
  // Widened so that the instance's type is Fastify's default logger, as route plugins expect.
  const loggerInstance: FastifyBaseLogger = options.log
  const hotPaths = new HotPaths({ metrics: options.httpMetrics, profiler: options.profiler })
  const requestTimeoutMs = options.requestTimeoutMs ?? loadConfig(Type.Pick(BaseConfig, ['FLOTILLA_REQUEST_TIMEOUT_MS']), process.env).FLOTILLA_REQUEST_TIMEOUT_MS
  const app = Fastify({
    serverFactory: (handler) =>
      createHttpServer(requestTimers(requestTimeoutMs), (request, response) => {
        if (!hotPaths.dispatch(request, response)) handler(request, response)
      }),
    loggerInstance,
    // One log line per request would cost more than the lookups it logs; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // A malformed URL (`/x/%FF`) is refused before routing; it still gets the one error shape.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('hotPaths', hotPaths)

  // Overload: shed with 503 + Retry-After rather than queue without bound. Health answers
  // regardless, so that an orchestrator sees a busy process, not a dead one. Without
  // `pressure`, the limits come from the environment the runtime has already validated.
  const limits = options.pressure ?? loadConfig(Type.Pick(BaseConfig, ['FLOTILLA_MAX_EVENT_LOOP_DELAY_MS', 'FLOTILLA_MAX_HEAP_MB', 'FLOTILLA_SHED_RETRY_AFTER_S']), process.env)
  const retryAfter = limits.FLOTILLA_SHED_RETRY_AFTER_S
  await app.register(underPressure, {
    maxEventLoopDelay: limits.FLOTILLA_MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: limits.FLOTILLA_MAX_HEAP_MB * 2 ** 20 || Math.floor(getHeapStatistics().heap_size_limit * 0.9),
    pressureHandler: (request, reply, type) => {
      const route = request.routeOptions.url
      if (route === '/healthz' || route === '/readyz') return
      // An injected request (a test's) is no traffic: a loop of them starves the sampling timers.
      if (!(request.raw.socket instanceof Socket)) return
      // Sent here, the hooks after this one and the handler do not run (the reply is sent).
      void reply
        .code(503)
        .header('retry-after', String(retryAfter))
        .header('x-request-id', request.id)
        .send({ error: { code: 'FLOTILLA_OVERLOADED', message: `server overloaded (${type}); retry in ${retryAfter} s` } } satisfies ErrorBody)
    },
  })
  hotPaths.shedWhen(() => app.isUnderPressure())

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Flotilla', version: options.version, description: 'Five backend services on one kit.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } })
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger())

  // Cookies are parsed only where a session is checked, not in a hook on every request.
  await app.register(cookie, { hook: false })
  // Before any route is declared: a hook added later would miss the routes declared before it.
  if (options.profiler) registerProfilerHooks(app, options.profiler)
  registerAuth(app, options.auth)

  app.setErrorHandler(errorHandler)
  refuseNonFiniteNumbers(app)
  app.setNotFoundHandler(notFoundHandler)

  // The id a client can quote: the one it sent in x-request-id, or ours.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id)
    done()
  })

  const { requests, duration } = options.httpMetrics
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched'
    requests.inc({ method: request.method, route, status: reply.statusCode })
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
    done()
  })

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(options.registry.contentType)
    return options.registry.metrics()
  })
  registerHealth(app, options.readiness)
  return app
}
