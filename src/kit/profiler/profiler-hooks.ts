import type { FastifyInstance } from 'fastify'
import type { Profiler, RequestProfile } from './profiler.ts'

declare module 'fastify' {
  interface FastifyRequest {
    profile: RequestProfile | null
  }
}

/**
 * Paths not worth a profile: the profiler's own API (its page polls it) and static
 * files of the dashboard and API docs.
 */
const SKIPPED = ['/api/profiler', '/ui/', '/docs/']

function skipped(url: string): boolean {
  return SKIPPED.some((prefix) => url.startsWith(prefix))
}

/**
 * Two hooks, as few as will do: the handler runs inside its profile from preHandler on
 * (after the body is parsed, whose callbacks come from the socket's async context, not
 * ours), and onResponse files it. A request refused before its handler (401, 404, 400)
 * gets its profile there, with no queries, since no hook of ours queries the database.
 */
export function registerProfilerHooks(app: FastifyInstance<any, any, any, any, any>, profiler: Profiler): void {
  app.decorateRequest('profile', null)
  app.addHook('preHandler', (request, _reply, done) => {
    if (skipped(request.url)) return done()
    const profile = profiler.begin(request.id, request.method, request.url)
    request.profile = profile
    profiler.run(profile, done)
  })
  app.addHook('onResponse', (request, reply, done) => {
    const profile = request.profile ?? (skipped(request.url) ? null : profiler.begin(request.id, request.method, request.url))
    if (profile) profiler.finish(profile, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime)
    done()
  })
}
