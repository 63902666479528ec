import type { Catalog } from './catalog.ts'
import { hotelPageHtml, listPageHtml, listPath, malformedHotelPageHtml, PAGE_SIZE, type ListVariant } from './markup.ts'

export type RequestKind = 'typeahead' | 'list' | 'hotel' | 'robots' | 'other'

/** What the demo site answers, page by page: [status, content type, body]. */
export type Answer = [number, string, string]

const LIST = /^\/Hotels-g(\d+)(?:-oa(\d+))?-[^/]*-Hotels\.html$/
const HOTEL = /^\/Hotel_Review-g(\d+)-d(\d+)-Reviews-[^/]*\.html$/

export function kindOf(method: string | undefined, path: string): RequestKind {
  if (path === '/robots.txt') return 'robots'
  if (path === '/data/graphql/ids' && method === 'POST') return 'typeahead'
  if (LIST.test(path)) return 'list'
  if (HOTEL.test(path)) return 'hotel'
  return 'other'
}

export function robots(disallow: string[]): string {
  return ['User-agent: *', 'Disallow: /private/', ...disallow.map((path) => `Disallow: ${path}`), ''].join('\n')
}

export function home(catalog: Catalog): string {
  const links = catalog.cities.map((c) => `<li><a href="${listPath(c)}">${c.name}</a></li>`).join('')
  return `<!DOCTYPE html><html><head><title>Demo Travel</title></head><body><h1>Demo Travel</h1><ul>${links}</ul></body></html>\n`
}

/** The original's typeahead: a GraphQL-style POST whose answer names the city's list URL. */
export function typeahead(catalog: Catalog, body: string): Answer {
  let query: unknown
  try {
    const parsed = JSON.parse(body) as Array<{ variables?: { request?: { query?: unknown } } }>
    query = parsed[0]?.variables?.request?.query
  } catch {
    return [400, 'application/json', JSON.stringify({ errors: [{ message: 'the body is not JSON' }] })]
  }
  if (typeof query !== 'string') return [400, 'application/json', JSON.stringify({ errors: [{ message: 'variables.request.query is missing' }] })]
  const results = catalog.match(query).slice(0, 5).map((city) => ({
    details: { localizedName: city.name, localizedAdditionalNames: { longOnlyHierarchy: city.region }, placeType: 'CITY', locationId: city.geoId, HOTELS_URL: listPath(city) },
  }))
  return [200, 'application/json', JSON.stringify([{ data: { Typeahead_autocomplete: { results } } }])]
}

export function listPage(catalog: Catalog, path: string, variant: ListVariant | 'mixed'): Answer {
  const [, geo, offset] = LIST.exec(path)!
  const city = catalog.city(Number(geo))
  const start = Number(offset ?? 0)
  const hotels = city ? catalog.hotelsOf(city) : []
  if (!city || start >= hotels.length || (start > 0 && start % PAGE_SIZE !== 0)) return [404, 'text/html', '<html><body>No such page</body></html>']
  const pageNo = start / PAGE_SIZE + 1
  const layout = variant === 'mixed' ? ((city.index + pageNo) % 2 === 1 ? 'json' : 'anchors') : variant
  return [200, 'text/html; charset=utf-8', listPageHtml(city, hotels.slice(start, start + PAGE_SIZE), pageNo, hotels.length, layout)]
}

export function hotelPage(catalog: Catalog, path: string, malformed: Set<number>): Answer {
  const [, geo, id] = HOTEL.exec(path)!
  const city = catalog.city(Number(geo))
  const hotel = city && catalog.hotel(city, Number(id))
  if (!city || !hotel) return [404, 'text/html', '<html><body>No such hotel</body></html>']
  return [200, 'text/html; charset=utf-8', malformed.has(hotel.id) ? malformedHotelPageHtml(hotel) : hotelPageHtml(city, hotel)]
}
