import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun, seedEstimates } from './browser.ts'

test('the database page browses a table and its console refuses a write', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const run = await openBrowserRun()
  try {
    await seedEstimates(run, [
      { adId: 1, estimatedCVR: 0.5 },
      { adId: 2, estimatedCVR: 0.75 },
    ])
    const { page } = run
    await page.goto(`${run.base}/ui/db`)
    await page.getByRole('heading', { name: 'Database' }).waitFor()
    await page.getByRole('navigation', { name: 'Tables' }).getByRole('button', { name: 'ctr_estimate' }).click()
    await page.getByRole('table', { name: 'Rows of ctr_estimate' }).locator('tbody tr', { hasText: '0.75' }).waitFor()

    const sql = page.getByLabel('SQL')
    await sql.fill('delete from ctr_estimate')
    await page.getByRole('button', { name: 'Run' }).click()
    const refusal = page.locator('.notice-error', { hasText: 'read-only' })
    await refusal.waitFor()
    assert.match(await refusal.innerText(), /The SQL console is read-only/)
    await run.screenshot('db-console-refused')

    await sql.fill('select count(*) as estimates from ctr_estimate')
    await page.getByRole('button', { name: 'Run' }).click()
    const result = page.getByRole('table', { name: 'Query result' })
    await result.locator('tbody tr').first().waitFor()
    assert.equal((await result.locator('tbody tr').first().innerText()).trim(), '2', 'nothing was deleted')
    await run.screenshot('db-console')
  } finally {
    await run.close()
  }
})
