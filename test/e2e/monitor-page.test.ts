import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun } from './browser.ts'

/** A website for the engine to check: 200, with a word for the regex to find. */
async function startTarget(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><h1>Harbour</h1><p>Status: <b>open</b></p></body></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/harbour`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The shortest interval the service takes; batches are written every 100 ms instead of every second. */
const FAST = { FLOTILLA_SERVICES: 'monitor', MONITOR_FLUSH_MS: '100' }
/** The first check comes within one interval (5 s), then the list's next poll (5 s) shows it. */
const CHECKED_WITHIN_MS = 60_000

test('the monitor page adds a website, shows it up with its checks, matches and chart, and pauses it', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const target = await startTarget()
  const run = await openBrowserRun(FAST)
  try {
    const { page } = run
    await page.goto(`${run.base}/ui/monitor`)
    await page.getByRole('heading', { name: 'monitor', exact: true }).waitFor()

    const form = page.getByRole('form', { name: 'Add website' })
    await form.locator('input[name="url"]').fill(target.url)
    await form.locator('input[name="intervalSeconds"]').fill('5')
    await form.locator('input[name="regex"]').fill('Status: (\\w+)')
    await form.getByRole('button', { name: 'Add website' }).click()
    await page.locator('.notice-ok', { hasText: `Added ${target.url}.` }).waitFor()

    const row = page.getByRole('table', { name: 'Websites' }).locator('tbody tr', { hasText: target.url })
    await row.locator('.state-badge', { hasText: 'up' }).waitFor({ timeout: CHECKED_WITHIN_MS })
    // Not "100 %": on a loaded machine a first check may time out before one succeeds.
    assert.match(await row.innerText(), /\d+(\.\d+)? %/)

    // Adding selects the website: its checks, with what the regex found.
    const check = page.getByRole('table', { name: 'Recent checks' }).locator('tbody tr', { hasText: 'open' }).first()
    await check.waitFor({ timeout: CHECKED_WITHIN_MS })
    assert.match(await check.innerText(), /200[\s\S]*ms[\s\S]*open[\s\S]*up/)
    await page.locator('.figure', { hasText: 'uptime 1 h' }).locator('.figure-value', { hasText: '%' }).waitFor()

    // The chart's canvas holds the response-time series' colour once a check is drawn.
    await page.waitForFunction(
      () => {
        const canvas = document.querySelector<HTMLCanvasElement>('.monitor-chart canvas')
        const context = canvas?.getContext('2d')
        if (!canvas || !context || canvas.width === 0) return false
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data
        let series = 0
        for (let i = 0; i < pixels.length; i += 4) {
          if (Math.abs(pixels[i]! - 37) < 24 && Math.abs(pixels[i + 1]! - 99) < 24 && Math.abs(pixels[i + 2]! - 235) < 24 && pixels[i + 3]! > 200) series++
        }
        return series >= 10
      },
      undefined,
      { timeout: CHECKED_WITHIN_MS, polling: 500 },
    )

    await row.getByRole('button', { name: `Pause ${target.url}` }).click()
    await row.locator('.state-badge', { hasText: 'paused' }).waitFor()
    await row.getByRole('button', { name: `Resume ${target.url}` }).waitFor()
    const { items } = (await (await run.call('/api/monitor/websites')).json()) as { items: Array<{ url: string; paused: boolean }> }
    assert.deepEqual(
      items.map((w) => [w.url, w.paused]),
      [[target.url, true]],
    )
    await page.evaluate(() => window.scrollTo(0, 0))
    await run.screenshot('monitor')
  } finally {
    await run.close()
    await target.close()
  }
})

test('the monitor page shows the API\u2019s validation message beside the field it names', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const run = await openBrowserRun({ FLOTILLA_SERVICES: 'monitor', FLOTILLA_ROLE: 'api' })
  try {
    const { page } = run
    await page.goto(`${run.base}/ui/monitor`)
    const form = page.getByRole('form', { name: 'Add website' })
    await form.locator('input[name="url"]').fill('https://example.test/')
    await form.locator('input[name="intervalSeconds"]').fill('3')
    await form.getByRole('button', { name: 'Add website' }).click()
    const field = form.locator('label.field', { has: page.locator('input[name="intervalSeconds"]') })
    await field.locator('.monitor-field-error', { hasText: /intervalSeconds must be >= 5/ }).waitFor()
    assert.equal(await form.locator('.monitor-field-error').count(), 1, 'only the interval is wrong')
    const { total } = (await (await run.call('/api/monitor/websites')).json()) as { total: number }
    assert.equal(total, 0)
  } finally {
    await run.close()
  }
})
