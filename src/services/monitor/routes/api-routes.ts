import type { Kysely } from 'kysely'
import Type from 'typebox'
import type { Clock } from '../../../kit/clock.ts'
import type { Dialect } from '../../../kit/db/database.ts'
import type { Server } from '../../../kit/http/create-server.ts'
import { BadImportError } from '../errors.ts'
import { parseWebsiteList } from '../import-file.ts'
import { latestCheck } from '../repository/checks.ts'
import type { MonitorTables } from '../repository/tables.ts'
import { countWebsites, listWebsites } from '../repository/websites.ts'
import { uptime24h } from '../stats.ts'
import type { WebsiteService } from '../website-service.ts'
import type { WebsiteInput } from '../website.ts'
import { Website, WebsiteCreate, WebsiteId, WebsiteListItem, WebsitePatch } from './schemas.ts'

const IMPORT_BODY_LIMIT = 32 * 1024 * 1024

export interface ApiDeps {
  db: Kysely<MonitorTables>
  dialect: Dialect
  clock: Clock
  websites: WebsiteService
}

/** Websites by id: list, create, read, change, delete, pause and resume, bulk import. */
export function apiRoutes(deps: ApiDeps) {
  const { db, dialect, websites } = deps
  const tags = ['monitor']
  return async function routes(app: Server): Promise<void> {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body))

    app.get(
      '/api/monitor/websites',
      {
        schema: {
          tags,
          summary: 'Websites with their state, uptime over 24 h and last check',
          querystring: Type.Object({
            offset: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
            state: Type.Optional(Type.Union([Type.Literal('unknown'), Type.Literal('up'), Type.Literal('down'), Type.Literal('paused')])),
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'part of the url' })),
          }),
          response: { 200: Type.Object({ items: Type.Array(WebsiteListItem), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() }) },
        },
      },
      async (request) => {
        const { offset, limit, state, q } = request.query
        const filter = { offset, limit, state, contains: q }
        const [page, total] = await Promise.all([listWebsites(db, dialect, filter), countWebsites(db, dialect, filter)])
        const uptime = await uptime24h(db, page.map((w) => w.id), deps.clock.now())
        const items = []
        for (const w of page) items.push({ ...w, uptime24h: uptime.get(w.id) ?? null, lastCheck: (await latestCheck(db, w.id)) ?? null })
        return { items, total, offset, limit }
      },
    )

    app.post('/api/monitor/websites', { schema: { tags, summary: 'Add a website', body: WebsiteCreate, response: { 201: Website } } }, async (request, reply) =>
      reply.code(201).send(await websites.create(request.body)),
    )

    app.get('/api/monitor/websites/:id', { schema: { tags, summary: 'One website', params: WebsiteId, response: { 200: Website } } }, async (request) => websites.get(request.params.id))

    app.patch('/api/monitor/websites/:id', { schema: { tags, summary: 'Change a website\u2019s settings', params: WebsiteId, body: WebsitePatch, response: { 200: Website } } }, async (request) =>
      websites.update(request.params.id, request.body),
    )

    app.delete('/api/monitor/websites/:id', { schema: { tags, summary: 'Delete a website and (in the background) its history', params: WebsiteId, response: { 204: Type.Null() } } }, async (request, reply) => {
      await websites.delete(request.params.id)
      return reply.code(204).send(null)
    })

    for (const [action, paused] of [['pause', true], ['resume', false]] as const) {
      app.post(`/api/monitor/websites/:id/${action}`, { schema: { tags, summary: paused ? 'Stop checking a website' : 'Check a paused website again', params: WebsiteId, response: { 200: Website } } }, async (request) =>
        websites.update(request.params.id, { paused }),
      )
    }

    app.post(
      '/api/monitor/websites/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Add or update many websites by url, all or none: JSON {"websites": [...]} or CSV (text/csv) with a header',
          body: Type.Unsafe<unknown>({ description: 'JSON or CSV' }),
          response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer() }) },
        },
      },
      async (request) => {
        const body = request.body
        let inputs: WebsiteInput[]
        if (typeof body === 'string') inputs = parseWebsiteList(body)
        else if (body !== null && typeof body === 'object') inputs = parseWebsiteList(JSON.stringify(body))
        else throw new BadImportError('send JSON {"websites": [...]} or a CSV with a header')
        return websites.import(inputs)
      },
    )
  }
}
