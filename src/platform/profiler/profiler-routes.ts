import Type from 'typebox'
import type { Server } from '../../kit/http/create-server.ts'
import { NotFoundError } from '../../kit/http/errors.ts'
import { summarize, type Profiler } from '../../kit/profiler/profiler.ts'

const config = { access: 'admin' as const }
const tags = ['profiler']
const security = [{ bearer: [] }]

/** `/api/profiler`: the requests the profiler kept, one in detail, the slowest routes. */
export function registerProfilerRoutes(app: Server, profiler: Profiler | undefined): void {
  app.get(
    '/api/profiler',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Recent requests (newest first) and the slowest routes',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }) }),
      },
    },
    async (request) => {
      if (!profiler) return { enabled: false, capacity: 0, requests: [], slowest: [] }
      return {
        enabled: true,
        capacity: profiler.limits.capacity,
        requests: profiler.recent().slice(0, request.query.limit).map(summarize),
        slowest: profiler.slowestRoutes().slice(0, 20),
      }
    },
  )

  app.get(
    '/api/profiler/requests/:id',
    { config, schema: { tags, security, summary: 'One request with each of its SQL queries', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } },
    async (request) => {
      const profile = profiler?.get(request.params.id)
      if (!profile) throw new NotFoundError(`request ${request.params.id} is not (or no longer) in the profiler`)
      return profile
    },
  )

  app.delete('/api/profiler', { config, schema: { tags, security, summary: 'Forget every kept request' } }, async (_request, reply) => {
    profiler?.clear()
    return reply.code(204).send()
  })
}
