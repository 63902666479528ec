import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun, seedEstimates } from './browser.ts'

test('the admin edits a ctr estimate through ctr\u2019s upsert, and /predict serves the new value', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const run = await openBrowserRun()
  try {
    await seedEstimates(run, Array.from({ length: 5 }, (_, i) => ({ adId: i + 1, estimatedCVR: 0.1 })))
    const { page } = run
    await page.goto(`${run.base}/ui/admin`)
    await page.getByRole('heading', { name: 'Admin' }).waitFor()
    const table = page.getByRole('table', { name: 'Estimates' })
    await table.locator('tbody tr').nth(4).waitFor()
    assert.match(await page.locator('.pager').innerText(), /rows 1–5 of 5/)

    await page.getByRole('button', { name: 'Edit 3' }).click()
    const form = page.getByRole('form', { name: 'Edit row' })
    await form.locator('input[name="estimatedCVR"]').fill('1.5')
    await form.getByRole('button', { name: 'Save' }).click()
    await form.locator('.notice-error', { hasText: 'estimatedCVR must be <= 1' }).waitFor()

    await form.locator('input[name="estimatedCVR"]').fill('0.42')
    await form.getByRole('button', { name: 'Save' }).click()
    await page.locator('.notice-ok', { hasText: 'Saved adId 3.' }).waitFor()
    await table.locator('tbody tr', { hasText: '0.42' }).waitFor()
    await run.screenshot('admin')

    const predicted = await (await run.call('/predict', { method: 'POST', body: JSON.stringify({ adId: [3] }) })).json()
    assert.deepEqual(predicted, { 3: { estimatedCVR: 0.42 } })

    await page.getByLabel('Filter column').selectOption('estimatedCVR')
    await page.getByLabel('Filter operator').selectOption('gt')
    await page.getByLabel('Filter value').fill('0.2')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.locator('.pager', { hasText: 'rows 1–1 of 1' }).waitFor()
  } finally {
    await run.close()
  }
})
