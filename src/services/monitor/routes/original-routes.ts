import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import Type from 'typebox'
import type { Dialect } from '../../../kit/db/database.ts'
import type { Server } from '../../../kit/http/create-server.ts'
import { NO_RESPONSE_STATUS, NO_RESPONSE_TIME, type Check } from '../check.ts'
import { listChecks } from '../repository/checks.ts'
import type { MonitorTables } from '../repository/tables.ts'
import { listWebsites } from '../repository/websites.ts'
import type { WebsiteService } from '../website-service.ts'
import type { Website } from '../website.ts'
import { checkOriginalBody, FastApiError, fastApiValidation } from './original-errors.ts'

const OriginalWebsite = Type.Object({
  website_id: Type.Integer(),
  website_url: Type.String(),
  monitoring_interval: Type.Integer(),
  regex: Type.Union([Type.String(), Type.Null()]),
})
const OriginalCheck = Type.Object({
  id: Type.Integer(),
  website_id: Type.Integer(),
  http_status: Type.Integer({ description: '999 when no response came (DNS, refused, timeout, TLS)' }),
  entry_timestamp: Type.String({ description: 'when the request started (ISO 8601)' }),
  response_time: Type.Number({ description: 'seconds; 9999 when no response came' }),
  regex_response: Type.Union([Type.Array(Type.Unknown()), Type.Null()], { description: 'every match of the regex in the tag-stripped body' }),
})
const WebsiteBody = Type.Object(
  { website_url: Type.String(), monitoring_interval: Type.Integer({ minimum: 5, maximum: 300 }), regex: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
  { examples: [{ website_url: 'https://example.com/', monitoring_interval: 30, regex: 'Example \\w+' }] },
)
const Page = { page: Type.Integer({ minimum: 0, maximum: 1e12, default: 0 }), size: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }) }
const Detail = Type.Object({ detail: Type.Unknown() })

function original(w: Website) {
  return { website_id: w.id, website_url: w.url, monitoring_interval: w.intervalSeconds, regex: w.regex }
}

export function originalCheck(c: Check) {
  const answered = c.status !== null
  return {
    id: c.id,
    website_id: c.websiteId,
    http_status: answered ? c.status! : NO_RESPONSE_STATUS,
    entry_timestamp: new Date(c.startedAt).toISOString(),
    response_time: answered ? c.durationMs / 1000 : NO_RESPONSE_TIME,
    regex_response: c.matches,
  }
}

export interface OriginalDeps {
  db: Kysely<MonitorTables>
  dialect: Dialect
  websites: WebsiteService
}

/**
 * The original service's interface, path for path: its shapes, its status codes, and
 * FastAPI's error bodies (`{"detail": …}`, 422 for invalid input), so its clients work.
 */
export function originalRoutes(deps: OriginalDeps) {
  const { db, dialect, websites } = deps
  return async function routes(app: Server): Promise<void> {
    app.setErrorHandler((error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      if (error.validation) return reply.code(422).send(fastApiValidation(error))
      if (error instanceof FastApiError) return reply.code(error.statusCode).send({ detail: error.detail })
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500
      if (status >= 500) throw error
      // FastAPI answers an unreadable body with 422 too.
      if (status === 400) return reply.code(422).send({ detail: [{ loc: ['body'], msg: error.message, type: 'value_error' }] })
      return reply.code(status).send({ detail: error.message })
    })

    app.get(
      '/websites',
      { schema: { tags: ['monitor'], summary: 'Registered websites, a page at a time (the original interface)', querystring: Type.Object(Page), response: { 200: Type.Array(OriginalWebsite) } } },
      async (request) => (await listWebsites(db, dialect, { offset: request.query.page * request.query.size, limit: request.query.size })).map(original),
    )

    app.get(
      '/website',
      {
        schema: {
          tags: ['monitor'],
          summary: 'Websites whose url contains the keyword (the original interface)',
          querystring: Type.Object({ keyword: Type.String({ minLength: 1, maxLength: 2048 }), ...Page, size: Type.Integer({ minimum: 1, maximum: 1000, default: 1000 }) }),
          response: { 200: Type.Array(OriginalWebsite) },
        },
      },
      async (request) => (await listWebsites(db, dialect, { contains: request.query.keyword, offset: request.query.page * request.query.size, limit: request.query.size })).map(original),
    )

    for (const url of ['/website', '/websites']) {
      app.post(
        url,
        { schema: { tags: ['monitor'], summary: 'Register a website (the original interface)', body: WebsiteBody, response: { 201: OriginalWebsite, 409: Detail, 422: Detail } } },
        async (request, reply) => {
          const input = checkOriginalBody(request.body)
          const website = await websites.create(input)
          return reply.code(201).send(original(website))
        },
      )
      app.put(
        url,
        { schema: { tags: ['monitor'], summary: 'Change a website\u2019s interval and regex, found by its url (the original interface)', body: WebsiteBody, response: { 204: Type.Null(), 404: Detail, 422: Detail } } },
        async (request, reply) => {
          const input = checkOriginalBody(request.body)
          const current = await websites.getByUrl(input.url)
          await websites.update(current.id, { intervalSeconds: input.intervalSeconds, regex: input.regex ?? null })
          return reply.code(204).send(null)
        },
      )
    }

    app.get(
      '/monitoring',
      {
        schema: {
          tags: ['monitor'],
          summary: 'A website\u2019s checks, newest first (the original interface)',
          querystring: Type.Object({ website: Type.String({ minLength: 1, maxLength: 2048 }), ...Page }),
          response: { 200: Type.Array(OriginalCheck), 404: Detail },
        },
      },
      async (request) => {
        const website = await websites.getByUrl(request.query.website)
        const checks = await listChecks(db, website.id, { limit: request.query.size, offset: request.query.page * request.query.size })
        return checks.map(originalCheck)
      },
    )
  }
}
