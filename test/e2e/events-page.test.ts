import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventUuid } from '../../src/services/events/event-id.ts'
import { eventsEnv, sample, startProvider } from '../services/events/provider.ts'
import { chromiumSkipReason, openBrowserRun } from './browser.ts'

test('the events page fetches the feed on demand, shows the outcome and searches a window a page at a time', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const provider = await startProvider()
  // Down at first: the fetch at start fails, and the page says so.
  provider.handle((_request, response) => response.writeHead(503).end())
  // Two events per answer, so that three events make two pages. HOST turns auth on (the
  // server still listens on 127.0.0.1): the status and searches stay open, a fetch needs a login.
  const run = await openBrowserRun(eventsEnv(provider, { EVENTS_SEARCH_MAX_LIMIT: '2', HOST: '0.0.0.0' }))
  try {
    const { page } = run
    await page.goto(`${run.base}/ui/events`)
    await page.getByRole('heading', { name: 'events', exact: true }).waitFor()
    const status = page.locator('.panel', { hasText: 'Provider feed' })
    const result = status.locator('.figure', { hasText: 'result' }).locator('.figure-value')
    await status.getByText('Last fetch failed: the provider answered HTTP 503').waitFor()
    assert.equal(await result.innerText(), 'failed')
    await status.locator('.badge', { hasText: 'Log in to write' }).waitFor()
    assert.equal(await page.getByRole('button', { name: 'Fetch now' }).isDisabled(), true)

    // With a session, the fetch goes through (api.ts sends the CSRF header).
    await page.goto(`${run.base}/ui/login?next=/events`)
    await page.getByLabel('Token').fill(run.flotilla.runtime.auth.token)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${run.base}/ui/events`)
    provider.serve(sample('provider-v2-moment1.xml'))
    await page.getByRole('button', { name: 'Fetch now' }).click()
    await status.locator('.notice-ok', { hasText: 'Fetched: 3 events online in the feed, 3 new, 0 updated.' }).waitFor()
    assert.equal(await result.innerText(), 'success')
    assert.equal(await status.locator('.figure', { hasText: 'events stored' }).locator('.figure-value').innerText(), '3')
    assert.equal(await status.locator('.notice-error').count(), 0, 'the failure notice is gone')

    const search = page.locator('.panel', { hasText: 'Starts at or after' })
    const rows = search.getByRole('table', { name: 'Search results' }).locator('tbody tr')
    await page.getByLabel('Starts at or after').fill('2021-06-01T00:00:00')
    await page.getByLabel('Ends at or before').fill('2021-12-31T23:59:59')
    await page.getByRole('button', { name: 'Search' }).click()
    await rows.nth(1).waitFor()
    const window = await rows.allInnerTexts()
    assert.equal(window.length, 2)
    assert.match(window[0]!, new RegExp(`^Camela en concierto\\s+${eventUuid('291', '291')}\\s+2021-06-30 21:00:00\\s+2021-06-30 22:00:00\\s+15\\.00\\s+30\\.00$`))
    assert.match(window[1]!, new RegExp(`^Los Morancos\\s+${eventUuid('1591', '1642')}\\s+2021-07-31 20:00:00\\s+2021-07-31 21:00:00\\s+65\\.00\\s+75\\.00$`))
    assert.ok(!(await search.innerText()).includes('Never online'), 'an event never on sale online is never served')

    // All time: three events, two on the first page and the third on the next.
    await page.getByLabel('Starts at or after').fill('')
    await page.getByLabel('Ends at or before').fill('')
    await page.getByRole('button', { name: 'Search' }).click()
    // The first window also showed "rows 1–2": wait for this search's own first row.
    await search.locator('tbody tr', { hasText: 'Pantomima Full' }).waitFor()
    await search.locator('.pager', { hasText: 'rows 1–2' }).waitFor()
    assert.deepEqual(await search.locator('tbody tr > td:first-child > div').allInnerTexts(), ['Pantomima Full', 'Camela en concierto'])
    await run.screenshot('events')
    await search.getByRole('button', { name: 'Next →' }).click()
    await search.locator('.pager', { hasText: 'rows 3–3' }).waitFor()
    assert.deepEqual(await search.locator('tbody tr > td:first-child > div').allInnerTexts(), ['Los Morancos'])
    assert.equal(await search.getByRole('button', { name: 'Next →' }).isDisabled(), true)

    await page.getByLabel('Starts at or after').fill('2030-01-01T00:00:00')
    await page.getByRole('button', { name: 'Search' }).click()
    await search.getByText('No event ever on sale online falls in this window.').waitFor()
  } finally {
    await run.close()
    await provider.close()
  }
})
