import type { FastifyReply } from 'fastify'
import type { Registry } from 'prom-client'
import Type from 'typebox'
import type { Server } from '../../kit/http/create-server.ts'
import { TooManyIdsError } from './errors.ts'
import type { CtrMetrics } from './metrics.ts'
import type { Snapshot } from './snapshot.ts'

const BAD_REQUEST = '"bad request"'

const PredictBody = Type.Object({ adId: Type.Array(Type.Integer(), { description: 'ad ids; duplicates collapse' }) }, { examples: [{ adId: [1, 2, 100] }] })
const PredictReply = Type.Record(Type.String({ pattern: '^-?[0-9]+$' }), Type.Object({ estimatedCVR: Type.Number({ description: 'the estimate, or -1 for an unknown ad' }) }))

export interface PredictDeps {
  snapshot: Snapshot
  metrics: CtrMetrics
  registry: Registry
  maxIds: number
}

/** Sends JSON text that is already serialized (the route's serializer passes strings through). */
function sendJson(reply: FastifyReply, status: number, json: string): FastifyReply {
  return reply.code(status).type('application/json').send(json)
}

/** Parses `{"adId":[…]}`; undefined when the body has no usable id list. */
function idsOf(body: unknown): unknown[] | undefined {
  if (typeof body !== 'string') return undefined
  try {
    const parsed: unknown = JSON.parse(body)
    const ids = (parsed as { adId?: unknown } | null)?.adId
    return Array.isArray(ids) ? ids : undefined
  } catch {
    return undefined
  }
}

/**
 * The original's interface, kept exactly: the body is JSON whatever the Content-Type
 * (its clients send text/plain), errors are the bare JSON string "bad request".
 * The reply is assembled as a string: the keys are the ids, so there is no fixed shape
 * for a schema serializer to speed up, and this is the hot path.
 */
export function predictRoutes(deps: PredictDeps) {
  const { snapshot, metrics, maxIds } = deps
  return async function routes(app: Server): Promise<void> {
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

    app.post(
      '/predict',
      {
        config: { access: 'read' },
        schema: {
          tags: ['ctr'],
          summary: 'Estimated CTRs of ad ids (the original interface; text/plain or JSON body)',
          body: PredictBody,
          response: { 200: PredictReply, 400: Type.Literal('bad request'), 413: Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) }) },
        },
        // Validation and serialization are done by hand here (see above); the schemas document.
        validatorCompiler: () => () => true,
        serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
      },
      async (request, reply) => {
        const end = metrics.requestDuration.startTimer()
        const ids = idsOf(request.body)
        if (ids === undefined) return sendJson(reply, 400, BAD_REQUEST)
        if (ids.length > maxIds) throw new TooManyIdsError(maxIds, ids.length)
        const seen = new Set<number>()
        let out = '{'
        let unknown = 0
        for (const id of ids) {
          if (typeof id !== 'number' || !Number.isSafeInteger(id)) return sendJson(reply, 400, BAD_REQUEST)
          if (seen.has(id)) continue
          seen.add(id)
          const value = snapshot.get(id)
          if (value === -1) unknown += 1
          out += `${seen.size === 1 ? '' : ','}"${id}":{"estimatedCVR":${value}}`
        }
        out += '}'
        metrics.lookups.inc(seen.size)
        if (unknown > 0) metrics.unknownIds.inc(unknown)
        metrics.idsPerRequest.observe(seen.size)
        end()
        return sendJson(reply, 200, out)
      },
    )

    app.get('/stats', { schema: { tags: ['ctr'], summary: 'Prometheus metrics (the original path; same registry as /metrics)' } }, async (_request, reply) => {
      reply.type(deps.registry.contentType)
      return deps.registry.metrics()
    })
  }
}
