import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import type { AuthSettings } from '../../../kit/http/auth.ts'
import { authenticate, CSRF_HEADER } from '../../../kit/http/auth-hook.ts'
import type { Server } from '../../../kit/http/create-server.ts'
import type { NewHotel } from '../hotel-data.ts'
import type { StoredHotels } from '../stored-hotels.ts'
import { changes, Detail, drf, drfErrors, Hotel, HotelBody, HotelPatch, IdParams, Page, type Body } from './drf-shapes.ts'

const BASE = '/hotels/api/drf/hotels/'
const PAGE_SIZE = 15

/**
 * The original Django REST framework API for stored hotels, its shapes kept: a page of 15
 * `{count, next, previous, results}`, anonymous reads, and writes that need credentials
 * (the token, or a session) or get DRF's 403, even on loopback where the rest runs open.
 */
export function drfRoutes(deps: { stored: StoredHotels; auth: AuthSettings }) {
  const { stored, auth } = deps
  return async function routes(app: Server): Promise<void> {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (error.validation) return reply.code(400).send(drfErrors(error))
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
      if (status === 500) {
        request.log.error({ err: error, reqId: request.id }, 'request failed')
        return reply.code(500).send({ detail: `A server error occurred (request ${request.id}).` })
      }
      return reply.code(status).send({ detail: status === 400 ? 'Malformed request.' : error.message })
    })

    // The kit's own check would answer 401 in its shape; these routes answer as DRF did.
    const config = { access: 'read' as const }
    const requireCredentials = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.headers.authorization?.startsWith('Bearer ') && !authenticate(request, auth)) return reply.code(401).send({ detail: 'Invalid token.' })
      const via = authenticate(request, auth)
      if (!via) return reply.code(403).send({ detail: 'Authentication credentials were not provided.' })
      if (via === 'session' && request.headers[CSRF_HEADER] === undefined) return reply.code(403).send({ detail: 'CSRF Failed: CSRF token missing.' })
    }
    const write = { config, onRequest: requireCredentials }
    const tags = ['hotels']
    const security = [{ bearer: [] }]
    const notFound = (reply: FastifyReply) => reply.code(404).send({ detail: 'Not found.' })
    const found = async (id: string) => (/^\d{1,15}$/.test(id) ? stored.get(Number(id)) : undefined)

    app.get(BASE, { schema: { tags, summary: 'Stored hotels, 15 a page (the original DRF endpoint)', querystring: Type.Object({ page: Type.Optional(Type.String()) }), response: { 200: Page, 404: Detail } } }, async (request, reply) => {
      const count = await stored.count()
      const last = Math.max(1, Math.ceil(count / PAGE_SIZE))
      const raw = request.query.page
      const page = raw === undefined ? 1 : raw === 'last' ? last : /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN
      if (!(page >= 1 && page <= last)) return reply.code(404).send({ detail: 'Invalid page.' })
      const link = (n: number): string => {
        const url = new URL(request.url, `${request.protocol}://${request.host}`)
        if (n === 1) url.searchParams.delete('page')
        else url.searchParams.set('page', String(n))
        return url.href
      }
      const results = (await stored.list((page - 1) * PAGE_SIZE, PAGE_SIZE)).map(drf)
      return { count, next: page < last ? link(page + 1) : null, previous: page > 1 ? link(page - 1) : null, results }
    })

    app.post(BASE, { ...write, schema: { tags, security, summary: 'Store a hotel (needs credentials)', body: HotelBody, response: { 201: Hotel, 400: Type.Union([Detail, Type.Record(Type.String(), Type.Array(Type.String()))]) } } }, async (request, reply) => {
      const b = request.body
      const hotel: NewHotel = { uid: b.uid, cityId: b.city_id, name: b.name, url: b.url, description: b.description ?? null, rating: b.rating ?? null, reviews: b.reviews ?? null, rank: b.rank ?? null, rankTotal: b.rank_total ?? null, stars: b.stars ?? null }
      const created = await stored.create(hotel)
      if (!created) return reply.code(400).send({ uid: ['hotel with this uid already exists.'] })
      return reply.code(201).send(drf(created))
    })

    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      app.route({ method, url: BASE, ...write, schema: { hide: true }, handler: async (_request, reply) => reply.code(405).send({ detail: `Method "${method}" not allowed.` }) })
    }

    app.get(`${BASE}:id/`, { schema: { tags, summary: 'One stored hotel', params: IdParams, response: { 200: Hotel, 404: Detail } } }, async (request, reply) => {
      const hotel = await found(request.params.id)
      return hotel ? drf(hotel) : notFound(reply)
    })

    const update = async (id: string, body: Body, partial: boolean, reply: FastifyReply) => {
      const hotel = await found(id)
      if (!hotel) return notFound(reply)
      if (!partial && body.uid !== hotel.uid) return reply.code(400).send({ uid: ['uid cannot be changed.'] })
      const updated = await stored.update(hotel.id, changes(body))
      return updated ? drf(updated) : notFound(reply)
    }
    app.put(`${BASE}:id/`, { ...write, schema: { tags, security, summary: 'Replace a stored hotel (needs credentials)', params: IdParams, body: HotelBody, response: { 200: Hotel, 404: Detail } } }, async (request, reply) =>
      update(request.params.id, request.body, false, reply),
    )
    app.patch(`${BASE}:id/`, { ...write, schema: { tags, security, summary: 'Change a stored hotel (needs credentials)', params: IdParams, body: HotelPatch, response: { 200: Hotel, 404: Detail } } }, async (request, reply) =>
      update(request.params.id, request.body, true, reply),
    )
    app.delete(`${BASE}:id/`, { ...write, schema: { tags, security, summary: 'Delete a stored hotel (needs credentials)', params: IdParams } }, async (request, reply) => {
      const hotel = await found(request.params.id)
      if (!hotel || !(await stored.delete(hotel.id))) return notFound(reply)
      return reply.code(204).send()
    })

    // Django appended the slash with a redirect.
    app.get('/hotels/api/drf/hotels', { schema: { hide: true } }, async (request, reply) => reply.redirect(BASE + (request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''), 301))
  }
}
