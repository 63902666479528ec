import type { FastifyReply } from 'fastify'
import Type from 'typebox'
import type { Server } from '../../kit/http/create-server.ts'
import type { HotReply } from '../../kit/http/hot-paths.ts'
import type { EventIndex } from './event-index.ts'
import type { EventsMetrics } from './metrics.ts'
import type { ZoneConverter } from './provider-time.ts'
import { instantParam, integerParam, ParameterError, type Query } from './search-params.ts'

const Summary = Type.Object({
  id: Type.String({ format: 'uuid', description: 'stable for an event: derived from (base_event_id, event_id)' }),
  title: Type.String(),
  start_date: Type.String({ format: 'date' }),
  start_time: Type.String({ pattern: '^\\d{2}:\\d{2}:\\d{2}$' }),
  end_date: Type.String({ format: 'date' }),
  end_time: Type.String({ pattern: '^\\d{2}:\\d{2}:\\d{2}$' }),
  min_price: Type.Number(),
  max_price: Type.Number(),
})
const SearchReply = Type.Object({ data: Type.Object({ events: Type.Array(Summary) }), error: Type.Null() })
const SearchError = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }), data: Type.Null() })

export interface SearchDeps {
  index: () => EventIndex
  converter: ZoneConverter
  metrics: EventsMetrics
  maxLimit: number
}

const JSON_TYPE = 'application/json; charset=utf-8'
const HEAD = Buffer.from('{"data":{"events":[')
const TAIL = Buffer.from(']},"error":null}')

/** Replies with prepared bytes: the route's types describe the JSON those bytes hold. */
function send(reply: FastifyReply, answered: HotReply): FastifyReply {
  if (answered.headers) void reply.headers(answered.headers)
  return reply.code(answered.status).type(answered.contentType).send(answered.body)
}

function errorJson(code: string, message: string): string {
  return JSON.stringify({ error: { code, message }, data: null })
}

/**
 * The challenge's search, in its exact shape, answered from the in-memory index. The
 * reply is assembled as bytes from each event's prepared JSON: the events are already
 * serialized. One function answers for both the hot path and the Fastify route.
 */
function searchAnswer(deps: SearchDeps, served: { inc(n: number): void }): (query: Query) => HotReply {
  const { converter, maxLimit } = deps
  return (query) => {
    let from: number | undefined
    let to: number | undefined
    let limit: number
    let offset: number
    try {
      from = instantParam(query, 'starts_at', converter)
      to = instantParam(query, 'ends_at', converter)
      limit = integerParam(query, 'limit', 1, maxLimit, maxLimit)
      offset = integerParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0)
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error
      return { status: 400, contentType: JSON_TYPE, body: errorJson('EVENTS_BAD_PARAMETER', error.message) }
    }
    const index = deps.index()
    const found = index.search({ from: from ?? -Infinity, to: to ?? Infinity, offset, limit })
    served.inc(found.count)
    return {
      status: 200,
      contentType: JSON_TYPE,
      body: index.render(found, HEAD, TAIL),
      ...(found.more ? { headers: { 'x-next-offset': String(offset + limit) } } : {}),
    }
  }
}

export function searchRoutes(deps: SearchDeps) {
  const { maxLimit } = deps
  const answer = searchAnswer(deps, deps.metrics.served.labels('search'))
  return async function routes(app: Server): Promise<void> {
    app.hotPaths.add({ path: '/search', answer })
    app.get(
      '/search',
      {
        schema: {
          tags: ['events'],
          summary: 'Events ever on sale online that start at or after starts_at and end at or before ends_at, by start then id',
          querystring: Type.Object({
            starts_at: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; without an offset, read in the provider time zone' })),
            ends_at: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit, default: maxLimit, description: `at most ${maxLimit} events per answer` })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          }),
          response: { 200: SearchReply, 400: SearchError, 500: SearchError },
        },
        // Parameters are read by hand to answer in the challenge's error shape.
        validatorCompiler: () => () => true,
        serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
        errorHandler: (error, request, reply) => {
          request.log.error({ err: error, reqId: request.id }, 'search failed')
          void send(reply, { status: 500, contentType: JSON_TYPE, body: errorJson('EVENTS_INTERNAL', `internal error (request ${request.id})`) })
        },
      },
      async (request, reply) => send(reply, answer(request.query)),
    )
  }
}
