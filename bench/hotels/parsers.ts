// The parser choice, measured: the demo site's pages (as the scrape fetches them) read by
// Flotilla's parsers (htmlparser2 building a DOM, css-select querying it), by cheerio on its
// default parse5 (the spec's tree builder) and on htmlparser2, and by htmlparser2's
// tokenizer alone with no tree (the floor any DOM-based reading sits on). Each reader
// extracts the same fields, checked equal to Flotilla's on every page before timing.
import assert from 'node:assert/strict'
import * as cheerio from 'cheerio'
import { Parser } from 'htmlparser2'
import type { Catalog } from '../../src/services/hotels/demo-site/catalog.ts'
import { hotelPageHtml, listPageHtml } from '../../src/services/hotels/demo-site/markup.ts'
import { parseHotelPage, type HotelDetails } from '../../src/services/hotels/source/parse-hotel.ts'
import { parseListPage } from '../../src/services/hotels/source/parse-list.ts'
import type { Row } from '../lib/report.ts'

const BASE = 'http://127.0.0.1/'
const REVIEW_SUMMARY = /reviewSummary\\*":\{\\*"rating\\*":(\d+(?:\.\d+)?),\\*"count\\*":(\d+)\}/
const POP_INDEX = /popIndexRank\\*":(\d+),\\*"popIndexTotal\\*":(\d+)/
const NUMBERED = /^\s*\d+\.\s+/

interface Reader {
  name: string
  hotel: (html: string) => unknown
  /** The hotels' ids on a list page. */
  list: (html: string) => number[]
}

function findKey(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined
  if (!Array.isArray(value) && Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key]
  for (const child of Object.values(value)) {
    const found = findKey(child, key)
    if (found !== undefined) return found
  }
  return undefined
}

/** The fields parseHotelPage and parseListPage read, through cheerio's API. */
function cheerioReader(name: string, options: cheerio.CheerioOptions | undefined): Reader {
  return {
    name,
    hotel: (html) => {
      const $ = cheerio.load(html, options)
      const handlers = $('[data-ssrev-handlers*=locationDescription]').first().attr('data-ssrev-handlers')
      const description = handlers === undefined ? null : (findKey(JSON.parse(handlers), 'locationDescription') as string)
      const summary = REVIEW_SUMMARY.exec(html)
      const pop = POP_INDEX.exec(html)
      const label = $("svg[aria-label*='of 5']").first().attr('aria-label')
      const stars = label === undefined ? null : Number.parseFloat(label.trim().split(/\s+/)[0]!)
      const heading = $('h1#HEADING').first()
      const details: HotelDetails = {
        name: heading.length ? heading.text().trim() || null : null,
        description,
        rating: summary ? Number(summary[1]) : null,
        reviews: summary ? Number(summary[2]) : null,
        rank: pop ? Number(pop[1]) : null,
        rankTotal: pop ? Number(pop[2]) : null,
        stars,
      }
      return details
    },
    list: (html) => {
      const $ = cheerio.load(html, options)
      const data = $('div[data-hotels-data]').attr('data-hotels-data')
      if (data !== undefined) return (JSON.parse(data) as { hotels: Array<{ id: number }> }).hotels.map((h) => h.id)
      const ids = new Set<number>()
      $('div[data-automation] > a[href^="/Hotel_Review"]').each((_, a) => {
        const id = Number(/-d(\d+)-/.exec($(a).attr('href')!)?.[1])
        if ($(a).text().replace(NUMBERED, '').trim() !== '') ids.add(id)
      })
      return [...ids]
    },
  }
}

const flotilla: Reader = {
  name: 'htmlparser2 + css-select (Flotilla)',
  hotel: (html) => parseHotelPage(html),
  list: (html) => parseListPage(html, BASE).hotels.map((h) => h.id),
}

const readers: Reader[] = [
  flotilla,
  cheerioReader('cheerio, parse5 (its default)', undefined),
  cheerioReader('cheerio, htmlparser2', { xml: { xmlMode: false, decodeEntities: true } }),
]

/** htmlparser2's tokenizer and parser with nothing listening: no tree, no query. */
function tokenizeOnly(html: string): void {
  new Parser({}).end(html)
}

function throughput(pages: string[], bytes: number, read: (html: string) => unknown, seconds: number): number {
  for (const page of pages.slice(0, 50)) read(page) // warm
  const started = performance.now()
  let done = 0
  while (performance.now() - started < seconds * 1000) {
    for (const page of pages) read(page)
    done += bytes
  }
  return done / 1e6 / ((performance.now() - started) / 1000)
}

/** MB/s of each reader over the same pages, on this thread; rows for printTable. */
export function benchParsers(catalog: Catalog, seconds = 3): Row[] {
  const city = catalog.cities[0]!
  const hotels = catalog.hotelsOf(city).slice(0, 600)
  const hotelPages = hotels.map((h) => hotelPageHtml(city, h))
  const listPages: string[] = []
  for (let i = 0; i < hotels.length; i += 30) listPages.push(listPageHtml(city, hotels.slice(i, i + 30), i / 30 + 1, hotels.length, i % 60 === 0 ? 'json' : 'anchors'))
  const size = (pages: string[]) => pages.reduce((n, p) => n + Buffer.byteLength(p), 0)

  for (const reader of readers.slice(1)) {
    hotelPages.forEach((page, i) => assert.deepEqual(reader.hotel(page), flotilla.hotel(page), `${reader.name}: hotel page ${i}`))
    listPages.forEach((page, i) => assert.deepEqual(reader.list(page), flotilla.list(page), `${reader.name}: list page ${i}`))
  }
  const rows: Row[] = readers.map((reader) => ({
    name: reader.name,
    figures: {
      'hotel pages MB/s': throughput(hotelPages, size(hotelPages), reader.hotel, seconds),
      'list pages MB/s': throughput(listPages, size(listPages), reader.list, seconds),
    },
  }))
  rows.push({
    name: 'htmlparser2 tokenizer alone (no tree)',
    figures: {
      'hotel pages MB/s': throughput(hotelPages, size(hotelPages), tokenizeOnly, seconds),
      'list pages MB/s': throughput(listPages, size(listPages), tokenizeOnly, seconds),
    },
  })
  return rows
}
