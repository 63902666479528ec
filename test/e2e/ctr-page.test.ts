import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun, seedEstimates } from './browser.ts'

test('the ctr page looks ids up with /predict and shows known and unknown ads', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const run = await openBrowserRun()
  try {
    await seedEstimates(run, [
      { adId: 1, estimatedCVR: 0.841029708 },
      { adId: 2, estimatedCVR: 0.25 },
    ])
    const { page } = run
    await page.goto(`${run.base}/ui/ctr`)
    await page.getByRole('heading', { name: 'ctr', exact: true }).waitFor()
    await page.locator('.figure', { hasText: 'ads in memory' }).locator('.figure-value', { hasText: '2' }).waitFor()
    await page.getByLabel('Ad ids').fill('1, 2, 424242')
    await page.getByRole('button', { name: 'Look up' }).click()
    const table = page.locator('.panel', { hasText: 'Look up estimates' }).locator('table')
    await table.locator('tbody tr').nth(2).waitFor()
    const rows = await table.locator('tbody tr').allInnerTexts()
    assert.match(rows[0]!, /^1\s+0\.841029708$/)
    assert.match(rows[1]!, /^2\s+0\.25$/)
    assert.match(rows[2]!, /^424242\s+unknown$/)
    assert.match(await page.locator('.summary').innerText(), /3\s*ids[\s\S]*2\s*known[\s\S]*1\s*unknown/)
    await run.screenshot('ctr')
  } finally {
    await run.close()
  }
})
