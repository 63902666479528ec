import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Catalog } from '../../../src/services/hotels/demo-site/catalog.ts'
import { startDemoSite } from '../../../src/services/hotels/demo-site/server.ts'

async function get(url: string, init?: RequestInit) {
  const res = await fetch(url, init)
  return { status: res.status, headers: res.headers, body: await res.text() }
}

function typeahead(site: { url: string }, query: string) {
  return get(`${site.url}/data/graphql/ids`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ variables: { request: { query } } }]) })
}

test('the catalog is the same for the same seed, and differs for another', () => {
  const a = new Catalog(7, 90)
  const b = new Catalog(7, 90)
  const c = new Catalog(8, 90)
  const city = a.cities[0]!
  assert.deepEqual(a.hotelsOf(city), b.hotelsOf(b.cities[0]!))
  assert.notDeepEqual(a.hotelsOf(city).map((h) => h.name), c.hotelsOf(c.cities[0]!).map((h) => h.name))
  assert.equal(a.hotelsOf(city).length, 90)
  assert.equal(new Set(a.cities.flatMap((x) => a.hotelsOf(x).map((h) => h.id))).size, a.cities.length * 90, 'hotel ids are unique across cities')
})

test('the typeahead resolves any query to its best-matching city', async () => {
  const site = await startDemoSite({ hotelsPerCity: 90 })
  try {
    const best = async (query: string) => {
      const res = await typeahead(site, query)
      assert.equal(res.status, 200)
      const details = JSON.parse(res.body)[0].data.Typeahead_autocomplete.results[0].details
      return { name: details.localizedName as string, url: details.HOTELS_URL as string }
    }
    assert.deepEqual(await best('Paris'), { name: 'Paris', url: '/Hotels-g187147-Paris_Ile_de_France-Hotels.html' })
    assert.equal((await best('PARIS, France')).name, 'Paris')
    assert.equal((await best('new york')).name, 'New York City')
    assert.equal((await best('krakow')).name, 'Kraków', 'accents do not matter')
    assert.equal((await best('Barcelnoa')).name, 'Barcelona', 'a typo still finds its city')
    assert.ok((await best('qqqq zzzz')).name, 'even nonsense finds a city')
    assert.equal((await typeahead(site, '')).status, 200)
    assert.equal((await get(`${site.url}/data/graphql/ids`, { method: 'POST', body: 'not json' })).status, 400)
  } finally {
    await site.close()
  }
})

test('list pages: 30 hotels each, the oa{offset} scheme, both layouts, 404 past the end', async () => {
  const site = await startDemoSite({ hotelsPerCity: 90 })
  try {
    const paris = site.catalog.cities[0]!
    assert.equal(site.listUrl(paris, 2), `${site.url}/Hotels-g187147-oa30-Paris_Ile_de_France-Hotels.html`)
    const pages = await Promise.all([1, 2, 3, 4].map((n) => get(site.listUrl(paris, n))))
    assert.deepEqual(pages.map((p) => p.status), [200, 200, 200, 404])
    const anchors = (html: string) => [...html.matchAll(/<a id="property_(\d+)" href="\/Hotel_Review/g)].map((m) => Number(m[1]))
    assert.deepEqual(anchors(pages[0]!.body), site.catalog.hotelsOf(paris).slice(0, 30).map((h) => h.id))
    assert.deepEqual(anchors(pages[2]!.body), site.catalog.hotelsOf(paris).slice(60, 90).map((h) => h.id))
    // Mixed layouts: the JSON attribute on odd (city + page), the links alone on the others.
    assert.match(pages[0]!.body, /data-hotels-data="/)
    assert.doesNotMatch(pages[1]!.body, /data-hotels-data/)
    assert.match(pages[2]!.body, /data-hotels-data="/)
    assert.match(pages[0]!.body, /data-main-list-match-count="90"/)
    assert.equal((await get(`${site.url}/Hotels-g187147-oa15-Paris_Ile_de_France-Hotels.html`)).status, 404, 'offsets are multiples of 30')
  } finally {
    await site.close()
  }
})

test('hotel pages carry the description handler, review summary, rank and stars; one can be made malformed', async () => {
  const site = await startDemoSite({ hotelsPerCity: 30, listVariant: 'json' })
  try {
    const city = site.catalog.cities[1]!
    const hotel = site.catalog.hotelsOf(city).find((h) => h.stars !== null)!
    const path = `/Hotel_Review-g${city.geoId}-d${hotel.id}-Reviews-${hotel.slug}-${city.slug}.html`
    const page = await get(site.url + path)
    assert.equal(page.status, 200)
    assert.match(page.body, /data-ssrev-handlers="[^"]*locationDescription/)
    assert.ok(page.body.includes(`reviewSummary\\":{\\"rating\\":${hotel.rating},\\"count\\":${hotel.reviews}}`))
    assert.ok(page.body.includes(`popIndexRank\\":${hotel.rank},\\"popIndexTotal\\":30`))
    assert.ok(page.body.includes(`aria-label="${hotel.stars!.toFixed(1)} of 5 stars"`))
    site.malformed.add(hotel.id)
    const broken = await get(site.url + path)
    assert.equal(broken.status, 200)
    assert.doesNotMatch(broken.body, /reviewSummary/)
    assert.equal((await get(`${site.url}/Hotel_Review-g${city.geoId}-d1-Reviews-x.html`)).status, 404)
  } finally {
    await site.close()
  }
})

test('robots.txt, latency, 5xx and 429 with Retry-After on demand', async () => {
  const site = await startDemoSite({ hotelsPerCity: 30, disallow: ['/Hotel_Review-g187147-d100003-'], failFirst: 2, retryAfterSeconds: 3, latencyMs: 40 })
  try {
    const robots = await get(`${site.url}/robots.txt`)
    assert.equal(robots.status, 200)
    assert.match(robots.body, /^User-agent: \*$/m)
    assert.match(robots.body, /^Disallow: \/Hotel_Review-g187147-d100003-$/m)
    const url = site.listUrl(site.catalog.cities[0]!)
    const started = Date.now()
    const first = await get(url)
    assert.ok(Date.now() - started >= 35, 'latency is added')
    const second = await get(url)
    const third = await get(url)
    assert.equal(first.status, 503)
    assert.equal(second.status, 429)
    assert.equal(second.headers.get('retry-after'), '3')
    assert.equal(third.status, 200)
    assert.deepEqual(site.log.filter((r) => r.kind === 'list').map((r) => r.status), [503, 429, 200])
  } finally {
    await site.close()
  }
  const flaky = await startDemoSite({ hotelsPerCity: 30, errorRate: 0.5, seed: 3 })
  try {
    const statuses = await Promise.all(Array.from({ length: 40 }, () => get(flaky.listUrl(flaky.catalog.cities[0]!)).then((r) => r.status)))
    assert.ok(statuses.some((s) => s >= 500) && statuses.some((s) => s === 200), `a mix of errors and pages: ${statuses.join(' ')}`)
  } finally {
    await flaky.close()
  }
})
