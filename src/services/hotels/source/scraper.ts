import type { HotelData } from '../hotel-data.ts'
import type { HotelsMetrics } from '../metrics.ts'
import { FetchError } from './fetch-error.ts'
import type { PageParser, ParseResult } from './page-parser.ts'
import { PageFormatError } from './page-format-error.ts'
import type { HotelDetails } from './parse-hotel.ts'
import type { ListEntry, ListPage } from './parse-list.ts'
import type { City, SourceProfile } from './profile.ts'
import type { SourceClient } from './source-client.ts'

/** The typeahead found nothing for the query. */
export class CityNotFoundError extends Error {
  constructor(query: string) {
    super(`the source found no city for "${query.slice(0, 100)}"`)
    this.name = 'CityNotFoundError'
  }
}

/**
 * The three steps of a search, each fetched through the polite client and parsed off
 * the event loop: a city from a query, a list page of a city, a hotel from its entry.
 */
export class Scraper {
  constructor(
    private readonly client: SourceClient,
    private readonly parser: PageParser,
    private readonly profile: SourceProfile,
    private readonly metrics: HotelsMetrics,
  ) {}

  async city(query: string, signal?: AbortSignal): Promise<City> {
    // Parsing comes next: the threads start while the typeahead and the list page are fetched.
    this.parser.warm()
    const body = await this.client.fetch({ ...this.profile.typeahead(query), signal })
    let answer: unknown
    try {
      answer = JSON.parse(body.toString('utf8'))
    } catch {
      this.metrics.malformedPages.inc({ kind: 'typeahead' })
      throw new PageFormatError('the typeahead did not answer JSON')
    }
    const city = this.profile.city(answer)
    if (!city) throw new CityNotFoundError(query)
    return city
  }

  /** List page `page` of the city; null when the city has no such page. */
  async listPage(city: City, page: number, signal?: AbortSignal): Promise<ListPage | null> {
    this.parser.warm()
    const url = this.profile.listPageUrl(city, page)
    let body: Buffer
    try {
      body = await this.client.fetch({ url, kind: 'list', signal })
    } catch (error) {
      if (error instanceof FetchError && error.outcome === 'not_found') return null
      throw error
    }
    const parsed = await this.parse('list', body, url)
    return 'list' in parsed ? parsed.list : null
  }

  listPageUrl(city: City, page: number): string {
    return this.profile.listPageUrl(city, page)
  }

  /** The hotel's page read into HotelData: what the page says, and the list's rating where the page has none. */
  async hotel(entry: ListEntry, signal?: AbortSignal): Promise<HotelData> {
    this.parser.warm()
    const body = await this.client.fetch({ url: entry.url, kind: 'hotel', signal })
    const parsed = await this.parse('hotel', body, entry.url)
    return hotelData(entry, 'hotel' in parsed ? parsed.hotel : undefined)
  }

  private async parse(kind: 'list' | 'hotel', body: Buffer, url: string): Promise<ParseResult> {
    const result = await this.parser.parse(kind, body, url)
    this.metrics.parseDuration.observe({ kind }, result.parseMs / 1000)
    this.metrics.parsedBytes.inc({ kind }, result.bytes)
    if (!result.ok) {
      this.metrics.malformedPages.inc({ kind })
      throw new PageFormatError(`${new URL(url).pathname}: ${result.error}`)
    }
    return result
  }
}

/** HotelData from a list entry and, when its page was read, the page's details. */
export function hotelData(entry: ListEntry, details?: HotelDetails): HotelData {
  return {
    id: entry.id,
    name: entry.name,
    description: details?.description ?? null,
    url: entry.url,
    rating: details?.rating ?? entry.rating,
    reviews: details?.reviews ?? entry.reviews,
    rank: details?.rank ?? null,
    rank_total: details?.rankTotal ?? null,
    stars: details?.stars ?? null,
  }
}
