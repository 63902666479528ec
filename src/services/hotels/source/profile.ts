import type { PageRequest } from './source-client.ts'

/** A city as the typeahead resolved it: its name and the URL of its first list page. */
export interface City {
  name: string
  /** The site's id for it (the `g…` in its URLs), when it has one. */
  geoId: number | null
  listUrl: string
}

export const LIST_PAGE_SIZE = 30

/**
 * How one site is read: how a city name becomes a list URL, and how list page N's URL is
 * made. The page markup itself is read by the parsers (parse-list.ts, parse-hotel.ts).
 */
export interface SourceProfile {
  typeahead(query: string): Omit<PageRequest, 'signal'>
  /** The best match in the typeahead's answer; undefined when it has none. */
  city(answer: unknown): City | undefined
  listPageUrl(city: City, page: number): string
}

/** The original's site: a GraphQL-style typeahead whose first result carries HOTELS_URL. */
export function tripAdvisorProfile(baseUrl: string): SourceProfile {
  const base = baseUrl.replace(/\/+$/, '')
  return {
    typeahead: (query) => ({
      url: `${base}/data/graphql/ids`,
      kind: 'typeahead',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify([
        {
          query: '5eec1d8288aa8741918a2a5051d289ef',
          variables: { request: { query, limit: 10, scope: 'WORLDWIDE', locale: 'en-US', types: ['LOCATION'], locationTypes: ['GEO'] } },
        },
      ]),
    }),
    city(answer) {
      const first = (answer as Array<{ data?: { Typeahead_autocomplete?: { results?: Array<{ details?: Record<string, unknown> }> } } }> | null)?.[0]
      const details = first?.data?.Typeahead_autocomplete?.results?.find((r) => typeof r?.details?.HOTELS_URL === 'string')?.details
      if (!details) return undefined
      const path = details.HOTELS_URL as string
      const listUrl = new URL(path, `${base}/`)
      if (listUrl.protocol !== 'http:' && listUrl.protocol !== 'https:') return undefined
      const geo = typeof details.locationId === 'number' ? details.locationId : Number(/-g(\d+)-/.exec(path)?.[1] ?? Number.NaN)
      const name = typeof details.localizedName === 'string' && details.localizedName.trim() !== '' ? details.localizedName : path
      return { name, geoId: Number.isSafeInteger(geo) ? geo : null, listUrl: listUrl.href }
    },
    listPageUrl(city, page) {
      if (page <= 1) return city.listUrl
      // As the original: `oa{offset}` becomes the third dash-separated part of the path.
      const url = new URL(city.listUrl)
      const parts = url.pathname.split('-')
      parts.splice(2, 0, `oa${(page - 1) * LIST_PAGE_SIZE}`)
      url.pathname = parts.join('-')
      return url.href
    },
  }
}
