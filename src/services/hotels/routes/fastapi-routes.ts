import Type from 'typebox'
import type { Server } from '../../../kit/http/create-server.ts'
import { CityNotFound, InvalidQueryError, SourceUnavailableError } from '../errors.ts'
import { HotelData } from '../hotel-data.ts'
import { searchNow } from '../scrape/search-now.ts'
import type { Scrapes } from '../scrape/scrapes.ts'
import { FetchError } from '../source/fetch-error.ts'
import { PageFormatError } from '../source/page-format-error.ts'
import { CityNotFoundError, type Scraper } from '../source/scraper.ts'
import type { StoredHotels } from '../stored-hotels.ts'
import { SaveBody, SearchBody } from './schemas.ts'

export interface FastApiDeps {
  scraper: Scraper
  scrapes: Scrapes
  stored: StoredHotels
  maxPages: number
}

function query(body: { query: string }): string {
  const q = body.query.trim()
  if (q === '') throw new InvalidQueryError()
  return q
}

/** The original FastAPI app's endpoints, path for path and shape for shape. */
export function fastApiRoutes(deps: FastApiDeps) {
  return async function routes(app: Server): Promise<void> {
    const tags = ['hotels']

    app.post(
      '/fastapi/search-hotels-using-asyncio/',
      {
        schema: {
          tags,
          summary: 'Search a city now: its list page, then every hotel page fetched concurrently and parsed in worker threads',
          description: 'A hotel whose page could not be read comes back with what the list page said of it; the x-hotels-failed header counts them.',
          body: SearchBody,
          response: { 200: Type.Array(HotelData) },
        },
      },
      async (request, reply) => {
        const controller = new AbortController()
        // A client that gave up does not keep the scrape going.
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) controller.abort(new Error('the client went away'))
        })
        try {
          const found = await searchNow(deps.scraper, { query: query(request.body), page: request.body.page, maxPages: deps.maxPages, log: request.log }, controller.signal)
          void reply.header('x-hotels-failed', String(found.failures.length))
          return found.hotels
        } catch (error) {
          if (error instanceof CityNotFoundError) throw new CityNotFound(error.message)
          if (error instanceof FetchError || error instanceof PageFormatError) throw new SourceUnavailableError(error.message)
          throw error
        }
      },
    )

    app.post(
      '/fastapi/search-hotels-using-celery/',
      {
        schema: {
          tags,
          summary: 'Start a background search: one sub-job per hotel; the answer is its job id (a string, as the original answered)',
          description: 'Follow it at GET /api/hotels/jobs/{id} or over the websocket /fastapi/ws.',
          body: SearchBody,
          response: { 200: Type.String({ description: 'the job id' }) },
        },
      },
      async (request, reply) => {
        const id = await deps.scrapes.start({ query: query(request.body), page: request.body.page, pages: request.body.pages ?? 1 })
        // Fastify would send a bare string as text; FastAPI answered a JSON string.
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(String(id)))
      },
    )

    app.post(
      '/fastapi/save-selected-hotels/',
      {
        schema: {
          tags,
          summary: 'Save selected hotels: one hotels.selected message on the bus, which the consumer stores (each id becomes uid)',
          body: SaveBody,
          response: { 200: Type.Null() },
        },
      },
      async (request) => {
        await deps.stored.publishSelection(request.body.city_id, request.body.data)
        return null
      },
    )
  }
}
