import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startDemoSite } from '../../src/services/hotels/demo-site/server.ts'
import { chromiumSkipReason, openBrowserRun } from './browser.ts'

test('the hotels page searches a city live, saves two selected hotels and lists them as stored', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  // One list page of 12 hotels, answered at once.
  const site = await startDemoSite({ hotelsPerCity: 12 })
  const run = await openBrowserRun({ FLOTILLA_SERVICES: 'hotels', HOTELS_SOURCE_URL: site.url, HOTELS_PARSE_THREADS: '1', HOTELS_TIMEOUT_MS: '5000' })
  try {
    const { page } = run
    const city = site.catalog.match('Rome')[0]!
    const hotels = site.catalog.hotelsOf(city)
    await page.goto(`${run.base}/ui/hotels`)
    await page.getByRole('heading', { name: 'hotels', exact: true }).waitFor()
    const status = page.locator('.panel', { hasText: 'robots.txt' })
    await status.getByText(site.url).waitFor()
    await status.getByText('npx flotilla demo-site').waitFor()

    await page.getByLabel('City').fill('Rome')
    await page.getByRole('button', { name: 'Search' }).click()
    const search = page.locator('.panel', { hasText: 'Search a city' })
    await search.getByRole('progressbar', { name: 'Search progress' }).and(page.locator('[aria-valuenow="100"]')).waitFor()
    await search.locator('.badge', { hasText: 'succeeded' }).waitFor()
    assert.match(await search.locator('.hotels-progress').innerText(), new RegExp(`city ${city.name}.*hotels 12 of 12 fetched`, 's'))
    const results = search.getByRole('table', { name: 'Search results' }).locator('tbody tr')
    assert.deepEqual(await results.locator('.hotel-name').allInnerTexts(), hotels.map((h) => h.name))
    const first = await results.first().innerText()
    assert.ok(first.includes(hotels[0]!.rating.toFixed(1)) && first.includes(hotels[0]!.reviews.toLocaleString('en-US')), `the first row shows its rating and reviews: ${first}`)

    const chosen = [hotels[1]!, hotels[4]!]
    for (const hotel of chosen) await search.getByLabel(`Select ${hotel.name}`, { exact: true }).check()
    await search.getByText('2 selected').waitFor()
    await search.getByRole('button', { name: 'Save selected' }).click()
    await search.locator('.notice-ok', { hasText: 'Sent 2 hotels to be stored' }).waitFor()

    // The bus delivers the selection to its consumer a moment later.
    const stored = page.locator('.panel', { hasText: 'Stored hotels' })
    const rows = stored.getByRole('table', { name: 'Stored hotels' }).locator('tbody tr')
    await rows.nth(1).waitFor()
    assert.deepEqual(await rows.locator('.hotel-name').allInnerTexts(), chosen.map((h) => h.name))
    await stored.locator('.pager', { hasText: 'rows 1–2 of 2' }).waitFor()
    await status.locator('.figure', { hasText: 'hotels stored' }).locator('.figure-value', { hasText: '2' }).waitFor()
    // Ticking the boxes scrolled the page; the full-page shot is taken from the top, under the sticky header.
    await page.evaluate(() => window.scrollTo(0, 0))
    await run.screenshot('hotels')
  } finally {
    await run.close()
    await site.close()
  }
})

test('off loopback the hotels page needs a login to search and save, and polls the job when the websocket is unavailable', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const site = await startDemoSite({ hotelsPerCity: 5 })
  // HOST turns auth on (the server still listens on 127.0.0.1): reads stay open, writes need a login.
  const run = await openBrowserRun({ FLOTILLA_SERVICES: 'hotels', HOST: '0.0.0.0', HOTELS_SOURCE_URL: site.url, HOTELS_PARSE_THREADS: '1', HOTELS_TIMEOUT_MS: '5000' })
  try {
    const { page } = run
    // Every socket the page opens goes nowhere, as behind a proxy that drops websockets.
    await page.addInitScript(() => {
      const Native = window.WebSocket
      window.WebSocket = class extends Native {
        constructor() {
          super('ws://127.0.0.1:9/')
        }
      }
    })
    await page.goto(`${run.base}/ui/hotels`)
    const search = page.locator('.panel', { hasText: 'Search a city' })
    await search.locator('.badge', { hasText: 'Log in to write' }).waitFor()
    await page.getByLabel('City').fill('Paris')
    assert.equal(await page.getByRole('button', { name: 'Search' }).isDisabled(), true)
    await page.locator('.panel', { hasText: 'Stored hotels' }).getByText('No hotel stored yet').waitFor()

    await page.goto(`${run.base}/ui/login?next=/hotels`)
    await page.getByLabel('Token').fill(run.flotilla.runtime.auth.token)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${run.base}/ui/hotels`)
    await page.getByLabel('City').fill('Paris')
    await page.getByRole('button', { name: 'Search' }).click()
    await search.locator('.badge', { hasText: 'succeeded' }).waitFor()
    assert.match(await search.locator('.hotels-progress').innerText(), /hotels 5 of 5 fetched.*polling/s)
    const city = site.catalog.match('Paris')[0]!
    const names = site.catalog.hotelsOf(city).map((h) => h.name)
    assert.deepEqual(await search.getByRole('table', { name: 'Search results' }).locator('.hotel-name').allInnerTexts(), names)
    await search.getByRole('button', { name: 'Select all' }).click()
    await search.getByRole('button', { name: 'Save selected' }).click()
    await search.locator('.notice-ok', { hasText: 'Sent 5 hotels to be stored' }).waitFor()
    await page.locator('.panel', { hasText: 'Stored hotels' }).locator('.pager', { hasText: 'rows 1–5 of 5' }).waitFor()
  } finally {
    await run.close()
    await site.close()
  }
})
