import { randomUUID } from 'node:crypto'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { HttpMetrics } from '../metrics.ts'
import type { Profiler } from '../profiler/profiler.ts'
import { registerProfilerHooks } from '../profiler/profiler-hooks.ts'
import type { AuthSettings } from './auth.ts'
import { registerAuth } from './auth-hook.ts'
import { errorHandler, notFoundHandler } from './error-handler.ts'
import { registerHealth, type ReadinessCheck } from './health.ts'
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
  const app = Fastify({
    serverFactory: (handler) =>
      createHttpServer((request, response) => {
        if (!hotPaths.dispatch(request, response)) handler(request, response)
      }),
    loggerInstance,
    // One log line per request would cost more than the lookups it logs; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('hotPaths', hotPaths)

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
