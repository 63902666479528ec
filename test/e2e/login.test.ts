import assert from 'node:assert/strict'
import { test } from 'node:test'
import { chromiumSkipReason, openBrowserRun, seedEstimates } from './browser.ts'

test('off loopback the admin asks for the token; logging in opens it', async (t) => {
  const skip = chromiumSkipReason()
  if (skip) return t.skip(skip)
  // HOST only turns auth on; the server still listens on 127.0.0.1.
  const run = await openBrowserRun({ HOST: '0.0.0.0' })
  try {
    const token = run.flotilla.runtime.auth.token
    await seedEstimates(run, [{ adId: 1, estimatedCVR: 0.5 }], token)
    const { page } = run
    await page.goto(`${run.base}/ui/admin`)
    await page.locator('.login-needed', { hasText: 'needs the token' }).waitFor()
    await page.locator('.badge', { hasText: 'read-only' }).waitFor()
    await page.locator('.login-needed').getByRole('link', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await run.screenshot('login')

    await page.getByLabel('Token').fill('not-the-token-at-all')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.locator('.notice-error', { hasText: 'That is not the token.' }).waitFor()

    await page.getByLabel('Token').fill(token)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${run.base}/ui/admin`)
    await page.getByRole('table', { name: 'Estimates' }).locator('tbody tr', { hasText: '0.5' }).waitFor()
    await page.locator('.badge', { hasText: 'signed in' }).waitFor()
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'flotilla_session')
    assert.ok(session, 'a session cookie was set')
    assert.equal(session.httpOnly, true)
    assert.equal(session.sameSite, 'Strict')
    await run.screenshot('admin-after-login')

    // Writes from the page work with the session (it sends the CSRF header).
    await page.getByRole('button', { name: 'Edit 1' }).click()
    await page.locator('input[name="estimatedCVR"]').fill('0.6')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('.notice-ok', { hasText: 'Saved adId 1.' }).waitFor()

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.locator('.badge', { hasText: 'read-only' }).waitFor()
    assert.equal((await page.context().cookies()).some((c) => c.name === 'flotilla_session'), false)
  } finally {
    await run.close()
  }
})
