import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { test } from 'node:test'
import { promisify } from 'node:util'

const BIN = new URL('../../../bin/flotilla.js', import.meta.url).pathname

test('flotilla demo-site serves the generated site until stopped; bad options are refused', async () => {
  const child = spawn(process.execPath, [BIN, 'demo-site', '--port', '0', '--hotels-per-city', '31', '--seed', '4'], { stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const found = /demo site on (http:\/\/\S+): 22 cities, 31 hotels each/.exec(out)
        if (found) resolve(found[1]!)
      })
      child.once('exit', (code) => reject(new Error(`demo-site exited (${code}): ${out}`)))
      setTimeout(() => reject(new Error(`no address printed: ${out}`)), 20_000)
    })
    const robots = await fetch(`${url}/robots.txt`)
    assert.equal(robots.status, 200)
    const page2 = await fetch(`${url}/Hotels-g187147-oa30-Paris_Ile_de_France-Hotels.html`)
    assert.equal(page2.status, 200)
    assert.equal((await page2.text()).match(/href="\/Hotel_Review/g)?.length, 1, 'the 31st hotel alone on page 2')
  } finally {
    child.kill('SIGTERM')
  }
  const exit = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)))
  assert.equal(exit, 0, 'SIGTERM closes it cleanly')

  const bad = await promisify(execFile)(process.execPath, [BIN, 'demo-site', '--error-rate', '2']).catch((e: { code: number; stderr: string }) => e)
  assert.equal((bad as { code: number }).code, 1)
  assert.match((bad as { stderr: string }).stderr, /--error-rate <share>' argument '2' is invalid\. must be a number from 0 to 1/)
})
