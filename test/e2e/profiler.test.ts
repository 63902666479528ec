import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun, seedEstimates } from './browser.ts'

test('the profiler shows a request just made, and its SQL', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const run = await openBrowserRun()
  try {
    await seedEstimates(run, [{ adId: 1, estimatedCVR: 0.5 }])
    const made = await run.call('/api/admin/ctr/estimates?filterColumn=adId&filterValue=1')
    assert.equal(made.status, 200)
    const { page } = run
    await page.goto(`${run.base}/ui/profiler`)
    await page.getByRole('heading', { name: 'Profiler' }).waitFor()
    const requests = page.getByRole('table', { name: 'Recent requests' })
    const row = requests.locator('tbody tr', { hasText: '/api/admin/ctr/estimates' })
    await row.waitFor()
    assert.match(await row.innerText(), /GET[\s\S]*200[\s\S]*\s2\s/)
    await page.getByRole('table', { name: 'Slowest routes' }).locator('tr', { hasText: 'POST /api/ctr/estimates' }).waitFor()
    await run.screenshot('profiler')

    await row.click()
    await page.getByRole('heading', { name: 'GET /api/admin/ctr/estimates' }).waitFor()
    const queries = page.locator('.query-list li')
    await queries.nth(1).waitFor()
    assert.equal(await queries.count(), 2)
    assert.match(await queries.nth(1).innerText(), /from "ctr_estimate"[\s\S]*where "ad_id" = /)
    await run.screenshot('profiler-request')
  } finally {
    await run.close()
  }
})
