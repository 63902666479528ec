import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'
import { freePort } from '../../bench/lib/processes.ts'
import { waitFor } from '../helpers/flotilla.ts'

const run = promisify(execFile)
const BIN = new URL('../../bin/flotilla.js', import.meta.url).pathname
const SAMPLE = new URL('../../../shared/data/ctr/estimated-ctr.csv', import.meta.url).pathname

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'flotilla-cli-'))
}

async function flotilla(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

test('--help lists the commands', async () => {
  const { code, stdout } = await flotilla(['--help'])
  assert.equal(code, 0)
  for (const command of ['start', 'migrate', 'ctr']) assert.match(stdout, new RegExp(`\\b${command}\\b`))
})

test('PORT=abc stops the start with a message naming PORT', async () => {
  const dir = tempDir()
  const { code, stderr } = await flotilla(['start'], { PORT: 'abc', FLOTILLA_DATA_DIR: dir })
  rmSync(dir, { recursive: true, force: true })
  assert.equal(code, 1)
  assert.match(stderr, /PORT must be integer/)
})

test('an unknown service in FLOTILLA_SERVICES is named', async () => {
  const dir = tempDir()
  const { code, stderr } = await flotilla(['migrate'], { FLOTILLA_SERVICES: 'ctr,nope', FLOTILLA_DATA_DIR: dir })
  rmSync(dir, { recursive: true, force: true })
  assert.equal(code, 1)
  assert.match(stderr, /FLOTILLA_SERVICES names unknown services nope/)
})

test('migrate, ctr import, then start serves the imported data; SIGTERM exits 0', async () => {
  const dir = tempDir()
  try {
    const migrated = await flotilla(['migrate'], { FLOTILLA_DATA_DIR: dir })
    assert.equal(migrated.code, 0, migrated.stderr)
    assert.match(migrated.stdout, /applied \d+ migrations/)
    assert.match((await flotilla(['migrate'], { FLOTILLA_DATA_DIR: dir })).stdout, /up to date/)

    const imported = await flotilla(['ctr', 'import', SAMPLE], { FLOTILLA_DATA_DIR: dir })
    assert.equal(imported.code, 0, imported.stderr)
    assert.match(imported.stdout, /imported 59 estimates/)
    const bad = await flotilla(['ctr', 'import', BIN], { FLOTILLA_DATA_DIR: dir })
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /line 1: the header must be/)

    const port = await freePort()
    const child = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, PORT: String(port), FLOTILLA_DATA_DIR: dir, LOG_LEVEL: 'warn' }, stdio: 'ignore' })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    try {
      const body = await waitFor(async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/predict`, { method: 'POST', body: '{"adId":[1,100]}', headers: { 'content-type': 'text/plain' } })
          return await res.json()
        } catch {
          return undefined
        }
      }, 30_000, 'the server to answer')
      assert.deepEqual(body, { '1': { estimatedCVR: 0.841029708 }, '100': { estimatedCVR: -1 } })
      for (const url of ['/', '/ui/', '/docs', '/metrics', '/openapi.json']) {
        assert.equal((await fetch(`http://127.0.0.1:${port}${url}`)).status, 200, url)
      }
    } finally {
      child.kill('SIGTERM')
    }
    assert.equal(await exited, 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
