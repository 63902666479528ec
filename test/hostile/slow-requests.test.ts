import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'
import { test } from 'node:test'
import { waitFor, type TestFlotilla } from '../helpers/flotilla.ts'
import { fileFlotilla } from './api-flotilla.ts'

let f: TestFlotilla
let base: URL

// A short limit, so the test does not wait five minutes; the mechanism is the default's.
fileFlotilla({ FLOTILLA_REQUEST_TIMEOUT_MS: '1500', PORT: '0' }, (started) => (f = started))

/** Sends `head` (and nothing more) on a raw connection; resolves with all the server wrote once it closes the connection. */
async function stall(head: string): Promise<string> {
  base ??= new URL(await f.runtime.listen())
  const socket = connect(Number(base.port), base.hostname)
  let answer = ''
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
  socket.write(head)
  await new Promise((resolve) => socket.once('close', resolve))
  return answer
}

test('a slow-loris upload is cut with 408: no task, no file left, and the server goes on', { timeout: 60_000 }, async () => {
  const answer = await stall('POST /v1/data_processor/upload HTTP/1.1\r\nHost: flotilla\r\nContent-Type: text/csv\r\nContent-Length: 1000000\r\n\r\nSong,Date,Number of Plays\nA,2020-01-01,1\n')
  assert.match(answer, /^HTTP\/1\.1 408 /)
  assert.equal((await f.server.inject({ url: '/v1/tasks' })).json<{ total: number }>().total, 0, 'no task was recorded')
  // Removed as the aborted stream unwinds, just after the connection closes.
  await waitFor(() => (readdirSync(path.join(f.dataDir, 'files', 'plays', 'inputs')).length === 0 ? true : undefined), 10_000, 'the partial upload to be removed')
  assert.equal((await fetch(new URL('/healthz', base))).status, 200)
})

test('headers sent a line at a time and never finished are cut with 408', { timeout: 60_000 }, async () => {
  const answer = await stall('GET /healthz HTTP/1.1\r\nHost: flotilla\r\n')
  assert.match(answer, /^HTTP\/1\.1 408 /)
  assert.equal((await fetch(new URL('/healthz', base))).status, 200)
})
