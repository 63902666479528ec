import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun } from './browser.ts'

test('the landing page shows the live architecture and leads to the dashboard', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const run = await openBrowserRun()
  try {
    const { page } = run
    await page.goto(`${run.base}/`)
    await page.getByRole('heading', { name: 'One code base, five services, one kit.' }).waitFor()
    assert.match(await page.title(), /Flotilla .* embedded/)
    const ctr = page.locator('#service-ctr')
    assert.match(await ctr.innerText(), /\/predict/)
    const current = page.locator('table.processes tr.current')
    assert.match(await current.innerText(), /all[\s\S]*ctr[\s\S]*ok/)
    assert.equal(await page.locator('svg.diagram [data-node="service:ctr"]').count(), 1)
    assert.equal(await page.locator('svg.diagram path.edge-http[data-from="process"][data-to="service:ctr"]').count(), 1)
    await run.screenshot('landing')

    await page.locator('a.surface', { hasText: 'Profiler' }).waitFor()
    await page.locator('header nav a', { hasText: 'Dashboard' }).click()
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/ui/')
    await page.locator('.service-card', { hasText: 'ctr' }).waitFor()
    await run.screenshot('dashboard')
  } finally {
    await run.close()
  }
})
