import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'

// The soak script itself, for half a minute: every service busy at once, then its checks
// (outputs right, selections stored, no 5xx). The 30-minute run is `npm run soak -- --minutes 30`.
test('a half-minute soak of every service at once passes all its checks', { timeout: 240_000 }, () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'soak/run.ts', '--minutes', '0.5', '--sample-seconds', '5'], { encoding: 'utf8', timeout: 230_000 })
  const output = `${run.stdout}\n${run.stderr}`
  assert.equal(run.status, 0, output)
  assert.match(run.stdout, /soak passed: (\d+) of \1 checks held/)
  for (const service of ['ctr', 'events', 'plays', 'monitor', 'hotels']) assert.match(run.stdout, new RegExp(`^\\| ${service} +\\| +[1-9]`, 'm'), `${service} had traffic`)
  assert.match(run.stdout, /ok {4}plays: every accepted upload produced the right output/)
  assert.match(run.stdout, /ok {4}hotels: every saved selection is stored, once/)
})

test('the soak refuses a duration that is not a positive number', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'soak/run.ts', '--minutes', 'soon'], { encoding: 'utf8' })
  assert.equal(run.status, 2)
  assert.match(run.stderr, /usage: npm run soak -- --minutes N/)
})
