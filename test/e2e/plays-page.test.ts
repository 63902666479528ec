import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun } from './browser.ts'

const sample = (name: string) => fileURLToPath(new URL(`../../../shared/data/plays/${name}`, import.meta.url))

test('the plays page uploads a CSV, follows its task to DONE and links the result', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  const run = await openBrowserRun({ FLOTILLA_SERVICES: 'plays' })
  try {
    const { page } = run
    await page.goto(`${run.base}/ui/plays`)
    await page.getByRole('heading', { name: 'plays', exact: true }).waitFor()
    await page.getByText('No task yet: upload a CSV above.').waitFor()

    await page.getByLabel('CSV file').setInputFiles(sample('sample-input.csv'))
    await page.getByText('sample-input.csv · 199 B').waitFor()
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.locator('.notice-ok', { hasText: /Uploaded sample-input\.csv as task [0-9a-f-]{36}\./ }).waitFor()

    const row = page.getByRole('table', { name: 'Tasks' }).locator('tbody tr', { hasText: 'sample-input.csv' })
    await row.locator('.badge', { hasText: 'DONE' }).waitFor()
    assert.match(await row.innerText(), /7 rows → 4/)
    const link = row.getByRole('link', { name: 'Download the result of sample-input.csv' })
    const href = await link.getAttribute('href')
    assert.match(href ?? '', /^\/v1\/data_processor\/download\/[0-9a-f-]{36}$/)
    const response = await run.call(href!)
    assert.equal(response.status, 200)
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), readFileSync(sample('sample-output.csv')))
    await run.screenshot('plays')
  } finally {
    await run.close()
  }
})

test('off loopback the plays page uploads and cancels once logged in', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  // An API process runs no jobs: the task waits, RECEIVED, until it is cancelled. HOST turns
  // auth on; the server still listens on 127.0.0.1.
  const run = await openBrowserRun({ FLOTILLA_SERVICES: 'plays', FLOTILLA_ROLE: 'api', HOST: '0.0.0.0' })
  try {
    const { page } = run
    await page.goto(`${run.base}/ui/plays`)
    await page.locator('.panel', { hasText: 'Upload plays' }).locator('.badge', { hasText: 'Log in to write' }).waitFor()
    assert.equal(await page.getByLabel('CSV file').isDisabled(), true)
    assert.equal(await page.getByRole('button', { name: 'Upload' }).isDisabled(), true)

    // With a session cookie, the XHR upload and the cancel must carry the CSRF header.
    await page.goto(`${run.base}/ui/login?next=/plays`)
    await page.getByLabel('Token').fill(run.flotilla.runtime.auth.token)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${run.base}/ui/plays`)
    await page.getByLabel('CSV file').setInputFiles(sample('sample-input.csv'))
    await page.getByLabel('Skip bad rows').check()
    await page.getByRole('button', { name: 'Upload' }).click()
    const row = page.getByRole('table', { name: 'Tasks' }).locator('tbody tr', { hasText: 'sample-input.csv' })
    await row.locator('.badge', { hasText: 'RECEIVED' }).waitFor()
    const id = (await row.locator('.task-id').innerText()).trim()
    assert.equal((await (await run.call(`/v1/tasks/${id}`)).json()).on_error, 'skip')

    await row.getByRole('button', { name: 'Cancel sample-input.csv' }).click()
    await row.locator('.badge', { hasText: 'CANCELLED' }).waitFor()
    await page.locator('.notice-ok', { hasText: 'Cancelled sample-input.csv.' }).waitFor()
    assert.equal(await row.getByRole('button').count(), 0, 'nothing left to cancel or download')
    assert.deepEqual(await (await run.call(`/v1/tasks/status/${id}`)).json(), { status: 'CANCELLED' })
  } finally {
    await run.close()
  }
})
