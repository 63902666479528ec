import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import type { Server } from '../../kit/http/create-server.ts'
import type { EventsMetrics } from './metrics.ts'
import type { ZoneConverter } from './provider-time.ts'
import { eventDocuments, type EventsDb } from './repository.ts'
import { integerParam, ParameterError, strptimeParam, type Query } from './search-params.ts'

const Attributes = Type.Record(Type.String(), Type.String())
const Document = Type.Object({
  base_event: Type.Object(
    { event: Type.Object({ zone: Type.Array(Attributes) }, { additionalProperties: Type.String() }) },
    { additionalProperties: Type.String(), description: 'the base_event attributes, then its event with its attributes and zones; every value a string as the provider wrote it' },
  ),
})
const V1Error = Type.Object({ error: Type.String(), detail: Type.String() })

export interface V1Deps {
  db: EventsDb
  converter: ZoneConverter
  metrics: EventsMetrics
  maxEvents: number
}

function send(reply: FastifyReply, status: number, json: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(json)
}

/** The original aiohttp service's endpoint and docs paths, shape for shape. */
export function v1Routes(deps: V1Deps) {
  const { converter, maxEvents } = deps
  return async function routes(app: Server): Promise<void> {
    app.get(
      '/v1/api/events',
      {
        schema: {
          tags: ['events'],
          summary: 'The original endpoint: online events whose start is strictly between start_date and end_date, as the provider wrote them',
          querystring: Type.Object({
            start_date: Type.Optional(Type.String({ description: '%Y-%m-%dT%H:%M:%S, in the provider time zone; exclusive' })),
            end_date: Type.Optional(Type.String({ description: '%Y-%m-%dT%H:%M:%S; exclusive' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxEvents, default: maxEvents, description: 'beyond the original: at most this many documents' })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'beyond the original' })),
          }),
          response: { 200: Type.Array(Document), 400: V1Error, 500: V1Error },
        },
        validatorCompiler: () => () => true,
        serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
        errorHandler: (error, request, reply) => {
          request.log.error({ err: error, reqId: request.id }, 'v1 events failed')
          void send(reply, 500, JSON.stringify({ error: 'HTTPInternalServerError', detail: `internal error (request ${request.id})` }))
        },
      },
      async (request, reply) => {
        const query = request.query as Query
        let after: number | undefined
        let before: number | undefined
        let limit: number
        let offset: number
        try {
          after = strptimeParam(query, 'start_date', converter)
          before = strptimeParam(query, 'end_date', converter)
          limit = integerParam(query, 'limit', 1, maxEvents, maxEvents)
          offset = integerParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0)
        } catch (error) {
          if (!(error instanceof ParameterError)) throw error
          return send(reply, 400, JSON.stringify({ error: 'HTTPBadRequest', detail: error.message }))
        }
        // One more than asked tells whether another page follows.
        const documents = await eventDocuments(deps.db, { after, before, limit: limit + 1, offset })
        if (documents.length > limit) {
          documents.pop()
          void reply.header('x-next-offset', String(offset + limit))
        }
        deps.metrics.served.inc({ endpoint: 'v1' }, documents.length)
        return send(reply, 200, `[${documents.join(',')}]`)
      },
    )

    // aiohttp-swagger served its UI and document here; ours live at /docs and /openapi.json.
    const hidden = { schema: { hide: true } }
    app.get('/v1/api/docs/ui', hidden, async (_request, reply) => reply.redirect('/docs'))
    app.get('/v1/api/docs', hidden, async (_request, reply) => reply.redirect('/docs'))
    app.get('/v1/api/docs/swagger.json', hidden, async (_request, reply) => reply.redirect('/openapi.json'))
  }
}
