import { compile, selectOne } from 'css-select'
import type { AnyNode, Element } from 'domhandler'
import { textContent } from 'domutils'
import { PageFormatError } from './page-format-error.ts'
import { parsePageDocument } from './parse-document.ts'

/** What a hotel's own page adds to its list entry. */
export interface HotelDetails {
  name: string | null
  description: string | null
  rating: number | null
  reviews: number | null
  rank: number | null
  rankTotal: number | null
  stars: number | null
}

const DESCRIPTION = compile<AnyNode, Element>('[data-ssrev-handlers*=locationDescription]')
const STARS = compile<AnyNode, Element>("svg[aria-label*='of 5']")
const HEADING = compile<AnyNode, Element>('h1#HEADING')
// The page state is JSON inside a JavaScript string, so its quotes may arrive escaped (\").
const REVIEW_SUMMARY = /reviewSummary\\*":\{\\*"rating\\*":(\d+(?:\.\d+)?),\\*"count\\*":(\d+)\}/
const POP_INDEX = /popIndexRank\\*":(\d+),\\*"popIndexTotal\\*":(\d+)/

/** Reads a hotel page as the original did; a page with none of its data is malformed. */
export function parseHotelPage(html: string): HotelDetails {
  const document = parsePageDocument(html)
  const description = descriptionOf(selectOne<AnyNode, Element>(DESCRIPTION, document))
  const summary = REVIEW_SUMMARY.exec(html)
  const pop = POP_INDEX.exec(html)
  const starsLabel = selectOne<AnyNode, Element>(STARS, document)?.attribs['aria-label']
  const stars = starsLabel === undefined ? null : Number.parseFloat(starsLabel.trim().split(/\s+/)[0]!)
  const heading = selectOne<AnyNode, Element>(HEADING, document)
  const details: HotelDetails = {
    name: heading ? textContent(heading).trim() || null : null,
    description,
    rating: summary ? Number(summary[1]) : null,
    reviews: summary ? Number(summary[2]) : null,
    rank: pop ? Number(pop[1]) : null,
    rankTotal: pop ? Number(pop[2]) : null,
    stars: stars !== null && Number.isFinite(stars) && stars >= 0 && stars <= 5 ? stars : null,
  }
  if (details.description === null && summary === null && pop === null && details.stars === null) {
    throw new PageFormatError('no hotel data on the page: no description, review summary, rank or stars')
  }
  return details
}

function descriptionOf(element: Element | null): string | null {
  if (!element) return null
  let handlers: unknown
  try {
    handlers = JSON.parse(element.attribs['data-ssrev-handlers']!)
  } catch {
    throw new PageFormatError('the description handlers ([data-ssrev-handlers]) are not valid JSON')
  }
  const found = findKey(handlers, 'locationDescription', 0)
  return typeof found === 'string' && found.trim() !== '' ? found : null
}

function findKey(value: unknown, key: string, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > 8) return undefined
  if (!Array.isArray(value) && Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key]
  for (const child of Object.values(value)) {
    const found = findKey(child, key, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}
