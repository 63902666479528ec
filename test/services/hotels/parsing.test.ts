import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { threadId } from 'node:worker_threads'
import { Catalog } from '../../../src/services/hotels/demo-site/catalog.ts'
import { hotelPageHtml, listPageHtml, malformedHotelPageHtml } from '../../../src/services/hotels/demo-site/markup.ts'
import { createPageParser } from '../../../src/services/hotels/source/page-parser.ts'
import { PageFormatError } from '../../../src/services/hotels/source/page-format-error.ts'
import { MAX_DEPTH } from '../../../src/services/hotels/source/parse-document.ts'
import { parseHotelPage } from '../../../src/services/hotels/source/parse-hotel.ts'
import { parseListPage } from '../../../src/services/hotels/source/parse-list.ts'

const BASE = 'http://site.test/Hotels-g187147-Paris_Ile_de_France-Hotels.html'
const catalog = new Catalog(5, 40)
const paris = catalog.cities[0]!
const hotels = catalog.hotelsOf(paris)

test('a list page: the JSON layout and the anchor layout read the same hotels', () => {
  const json = parseListPage(listPageHtml(paris, hotels.slice(0, 30), 1, 40, 'json'), BASE)
  const anchors = parseListPage(listPageHtml(paris, hotels.slice(0, 30), 1, 40, 'anchors'), BASE)
  assert.equal(json.layout, 'json')
  assert.equal(anchors.layout, 'anchors')
  assert.equal(json.total, 40)
  assert.deepEqual(json.hotels.map((h) => [h.id, h.name, h.url]), anchors.hotels.map((h) => [h.id, h.name, h.url]))
  assert.deepEqual(json.hotels[0], {
    id: hotels[0]!.id,
    name: hotels[0]!.name,
    url: `http://site.test/Hotel_Review-g187147-d${hotels[0]!.id}-Reviews-${hotels[0]!.slug}-Paris_Ile_de_France.html`,
    rating: hotels[0]!.rating,
    reviews: hotels[0]!.reviews,
  })
  assert.equal(anchors.hotels[0]!.rating, null, 'the links alone carry no rating')
  const page2 = parseListPage(listPageHtml(paris, hotels.slice(30), 2, 40, 'anchors'), BASE)
  assert.deepEqual(page2.hotels.map((h) => h.id), hotels.slice(30).map((h) => h.id))
})

test('anchors: "N. Name" loses its number, an id comes from the href when the link has none, a hotel linked twice counts once', () => {
  const html = `<div data-automation="x"><a href="/Hotel_Review-g1-d42-Reviews-A.html"><img src="a.jpg"></a></div>
<div data-automation="x"><a href="/Hotel_Review-g1-d42-Reviews-A.html">12.  Hôtel &amp; Spa "A"</a></div>
<div data-automation="y"><a id="property_7" href="/Hotel_Review-g1-d7-Reviews-B.html">13. B</a></div>
<div><a href="/Hotel_Review-g1-d8-Reviews-C.html">14. not in a data-automation div</a></div>`
  const page = parseListPage(html, 'https://site.test/list.html')
  assert.deepEqual(page.hotels.map((h) => [h.id, h.name]), [[42, 'Hôtel & Spa "A"'], [7, 'B']])
  assert.equal(page.total, null)
})

test('a list page whose hotel data is broken is malformed, not empty', () => {
  assert.throws(() => parseListPage('<div data-hotels-data="{not json"></div>', BASE), PageFormatError)
  assert.throws(() => parseListPage('<div data-hotels-data="{&quot;hotels&quot;:[{&quot;id&quot;:1}]}"></div>', BASE), /lacks an id, a name or a detailUrl/)
  assert.throws(() => parseListPage('<div data-hotels-data="{}"></div><div data-hotels-data="{}"></div>', BASE), /2 hotel data containers/)
  assert.deepEqual(parseListPage('<html><body>No hotels</body></html>', BASE).hotels, [])
})

test('a hotel page: description, rating and reviews, rank, stars', () => {
  const withStars = hotels.find((h) => h.stars !== null && /[&"]/.test(h.description)) ?? hotels.find((h) => h.stars !== null)!
  const details = parseHotelPage(hotelPageHtml(paris, withStars))
  assert.deepEqual(details, {
    name: withStars.name,
    description: withStars.description,
    rating: withStars.rating,
    reviews: withStars.reviews,
    rank: withStars.rank,
    rankTotal: 40,
    stars: withStars.stars,
  })
  const noStars = hotels.find((h) => h.stars === null)!
  assert.equal(parseHotelPage(hotelPageHtml(paris, noStars)).stars, null)
  // The original's page state: JSON in a JavaScript string, quotes escaped.
  const original = String.raw`<div data-ssrev-handlers="{&quot;load&quot;:[{&quot;locationDescription&quot;:&quot;Quiet &amp; central&quot;,&quot;x&quot;:1}]}"></div>
<script>{\"reviewSummary\":{\"rating\":4.5,\"count\":1234},\"accommodationCategory\":\"HOTEL\",\"popIndexDetails\":{\"popIndexRank\":3,\"popIndexTotal\":250}}</script>
<svg aria-label="4.0 of 5 bubbles"></svg>`
  assert.deepEqual(parseHotelPage(original), { name: null, description: 'Quiet & central', rating: 4.5, reviews: 1234, rank: 3, rankTotal: 250, stars: 4 })
})

test('a malformed hotel page is a PageFormatError naming what is missing', () => {
  assert.throws(() => parseHotelPage(malformedHotelPageHtml(hotels[0]!)), (e: Error) => e instanceof PageFormatError && /no hotel data|not valid JSON/.test(e.message))
  assert.throws(() => parseHotelPage('<div data-ssrev-handlers="{locationDescription: oops"></div>'), /not valid JSON/)
  assert.throws(() => parseHotelPage('<html><body><h1 id="HEADING">Just a name</h1></body></html>'), /no hotel data on the page/)
})


test('parsing in the worker thread gives what parsing on the main thread gives, off the main thread', async () => {
  const threads = createPageParser(2)
  const inline = createPageParser(0)
  try {
    const pages = hotels.slice(0, 12).map((h) => hotelPageHtml(paris, h))
    pages.push(malformedHotelPageHtml(hotels[0]!))
    const list = listPageHtml(paris, hotels.slice(0, 30), 1, 40, 'json')
    const inThreads = await Promise.all([...pages.map((p) => threads.parse('hotel', Buffer.from(p), BASE)), threads.parse('list', Buffer.from(list), BASE)])
    const onMain = await Promise.all([...pages.map((p) => inline.parse('hotel', Buffer.from(p), BASE)), inline.parse('list', Buffer.from(list), BASE)])
    const strip = ({ parseMs: _p, threadId: _t, ...rest }: { parseMs: number; threadId: number }) => rest
    assert.deepEqual(inThreads.map(strip), onMain.map(strip))
    assert.ok(inThreads.every((r) => r.threadId !== threadId), 'parsed in worker threads')
    assert.ok(onMain.every((r) => r.threadId === threadId), 'the baseline parses on this thread')
    assert.equal(inThreads.filter((r) => !r.ok).length, 1, 'the malformed page comes back as a failure, not a crash')
    assert.equal(inThreads.at(-1)!.bytes, Buffer.byteLength(list))
  } finally {
    await threads.close()
    await inline.close()
  }
})

/**
 * How many times the event loop turned (ran a setImmediate) while `work` ran. A parse on
 * the event loop returns only when it is done, so no turn can fit in it: the count is 0.
 * A parse in a thread leaves the loop free until the thread's answer comes.
 */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0
  let running = true
  const spin = () => {
    if (!running) return
    turns++
    setImmediate(spin)
  }
  setImmediate(spin)
  try {
    await work()
  } finally {
    running = false
  }
  return turns
}

test('the event loop keeps turning while pages are parsed in threads; parsing on it stalls it', async () => {
  // A large page (forty hotel pages in one), so that one parse takes a while.
  const page = hotels.map((h) => hotelPageHtml(paris, h)).join('\n')
  const turns: Record<number, number[]> = {}
  for (const threads of [1, 0]) {
    const parser = createPageParser(threads)
    try {
      await parser.parse('hotel', Buffer.from(page), BASE) // threads started, code warm
      turns[threads] = []
      for (let i = 0; i < 6; i++) {
        turns[threads].push(await turnsDuring(async () => assert.ok((await parser.parse('hotel', Buffer.from(page), BASE)).ok)))
      }
    } finally {
      await parser.close()
    }
  }
  // Counts of turns, not durations: parsing on the loop leaves no room for one, and a
  // thread that did its parse on the loop would give 0 too.
  assert.deepEqual(turns[0], [0, 0, 0, 0, 0, 0], 'parsing on the event loop: no turn until the parse is done')
  assert.ok(turns[1]!.reduce((a, b) => a + b) > 0, `parsing in a thread: the loop turned ${turns[1]!.join(', ')} times during the parses`)
})

test('the parse thread loads the TypeScript sources when tsx is registered through its API, as bin/flotilla.js does', async () => {
  const script = new URL('./fixtures/parse-under-register.js', import.meta.url).pathname
  // Plain node, no --import: the thread must register tsx itself.
  const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 30_000 })
  assert.deepEqual(JSON.parse(stdout), { ok: true, rating: 4.5, offMain: true })
})

test('a page nested deeper than MAX_DEPTH is malformed at once; one just within it still parses', { timeout: 10_000 }, () => {
  // css-select's walks cost O(depth²): 200,000 levels (1 MB) took about 40 s before the
  // cap, the 8 MB a page may have (1.6 million levels) about an hour.
  const hostile = '<div>'.repeat(200_000)
  for (const parse of [() => parseHotelPage(hostile), () => parseListPage(hostile, BASE)]) {
    assert.throws(parse, (e: Error) => e instanceof PageFormatError && e.message === `the page nests elements deeper than ${MAX_DEPTH} levels`)
  }
  const deepButAllowed = `${'<div>'.repeat(MAX_DEPTH - 1)}<svg aria-label="3.5 of 5 bubbles"></svg>`
  assert.equal(parseHotelPage(deepButAllowed).stars, 3.5)
  // Unclosed <b>s nest; unclosed <p>s close each other and are only many siblings.
  assert.throws(() => parseListPage('<b>'.repeat(MAX_DEPTH + 1), BASE), /deeper than/)
  assert.deepEqual(parseListPage('<p>'.repeat(100_000), BASE).hotels, [])
})