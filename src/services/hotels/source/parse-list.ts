import { compile, selectAll } from 'css-select'
import type { AnyNode, Element } from 'domhandler'
import { textContent } from 'domutils'
import { PageFormatError } from './page-format-error.ts'
import { parsePageDocument } from './parse-document.ts'

/** A hotel as a list page shows it. */
export interface ListEntry {
  id: number
  name: string
  /** Absolute URL of its page. */
  url: string
  rating: number | null
  reviews: number | null
}

export interface ListPage {
  hotels: ListEntry[]
  /** The city's hotel count, when the page says it. */
  total: number | null
  layout: 'json' | 'anchors'
}

const JSON_CONTAINER = compile<AnyNode, Element>('div[data-hotels-data]')
const ANCHORS = compile<AnyNode, Element>('div[data-automation] > a[href^="/Hotel_Review"]')
const MATCH_COUNT = compile<AnyNode, Element>('[data-main-list-match-count]')
const NUMBERED = /^\s*\d+\.\s+/

function count(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null
}

function rating(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 5 ? n : null
}

/**
 * The hotels on a list page, as the original read them: the JSON in
 * `div[data-hotels-data]` when the page has it, the `N. Name` links otherwise.
 */
export function parseListPage(html: string, pageUrl: string): ListPage {
  const document = parsePageDocument(html)
  const totalElement = selectAll<AnyNode, Element>(MATCH_COUNT, document)[0]
  const total = totalElement ? count(totalElement.attribs['data-main-list-match-count']) : null
  const containers = selectAll<AnyNode, Element>(JSON_CONTAINER, document)
  if (containers.length > 1) throw new PageFormatError(`the list page has ${containers.length} hotel data containers; one was expected`)
  if (containers.length === 1) return { hotels: fromJson(containers[0]!.attribs['data-hotels-data']!, pageUrl), total, layout: 'json' }
  return { hotels: fromAnchors(selectAll<AnyNode, Element>(ANCHORS, document), pageUrl), total, layout: 'anchors' }
}

function fromJson(text: string, pageUrl: string): ListEntry[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new PageFormatError('the hotel data container does not hold JSON')
  }
  const hotels = (data as { hotels?: unknown } | null)?.hotels
  if (!Array.isArray(hotels)) throw new PageFormatError('the hotel data container has no "hotels" list')
  return hotels.map((item: Record<string, unknown> | null, i) => {
    const id = count(item?.id)
    const name = typeof item?.name === 'string' ? item.name.trim() : ''
    const detailUrl = item?.detailUrl
    if (id === null || name === '' || typeof detailUrl !== 'string') throw new PageFormatError(`hotel ${i + 1} of the hotel data lacks an id, a name or a detailUrl`)
    return { id, name, url: absolute(detailUrl, pageUrl), rating: rating(item?.bubbleRating), reviews: count(item?.numReviews) }
  })
}

function fromAnchors(anchors: Element[], pageUrl: string): ListEntry[] {
  const seen = new Map<number, ListEntry>()
  for (const a of anchors) {
    const href = a.attribs.href!
    const id = count(a.attribs.id?.split('_').pop()) ?? count(/-d(\d+)-/.exec(href)?.[1])
    const name = textContent(a).replace(NUMBERED, '').replace(/\s+/g, ' ').trim()
    // The same hotel is often linked twice (its picture, its title): keep the named link.
    if (id === null || name === '' || seen.has(id)) continue
    seen.set(id, { id, name, url: absolute(href, pageUrl), rating: null, reviews: null })
  }
  return [...seen.values()]
}

function absolute(href: string, pageUrl: string): string {
  const url = new URL(href, pageUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PageFormatError('a hotel link is not an http(s) URL')
  return url.href
}
