import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts'
import type { TestFlotilla } from '../helpers/flotilla.ts'
import { download, startPlays, uploadCsv, waitForStatus } from '../services/plays/helpers.ts'

const HEADER = 'Song,Date,Number of Plays\n'
let db: TestDatabase
let f: TestFlotilla

before(async () => {
  db = await createTestDatabase('sqlite')
  f = await startPlays(db)
})

after(async () => {
  await f.close()
  await db.cleanup()
})

async function failure(content: string | Buffer): Promise<string> {
  const status = await waitForStatus(f, await uploadCsv(f, content), undefined, 60_000)
  assert.equal(status.status, 'FAILED', `expected FAILED, got ${JSON.stringify(status)}`)
  assert.ok(status.error, 'a failed task says why')
  // A message for a person: bounded, whatever the size of the offending input.
  assert.ok(status.error.length < 1000, `the message is ${status.error.length} characters`)
  return status.error
}

async function serverStillFine(): Promise<void> {
  assert.equal((await f.server.inject({ url: '/healthz' })).statusCode, 200)
  const id = await uploadCsv(f, `${HEADER}A,2020-01-01,2\nA,2020-01-01,3\n`)
  assert.equal((await waitForStatus(f, id)).status, 'DONE')
  assert.equal(String(await download(f, id)), 'Song,Date,Total Number of Plays for Date\nA,2020-01-01,5\n')
}

test('NUL bytes in the header, a number or the whole file fail the task with a clear message', async () => {
  assert.match(await failure(Buffer.alloc(100_000, 0)), /^line 1: the first line must be the header/)
  assert.match(await failure(`Song\u0000,Date,Number of Plays\nA,2020-01-01,1\n`), /^line 1: the first line must be the header/)
  assert.match(await failure(`${HEADER}A,2020-01-01,1\u0000\n`), /^line 2: Number of Plays must be a whole number/)
  await serverStillFine()
})

test('invalid UTF-8 fails the task naming the line and the field', async () => {
  const content = Buffer.concat([Buffer.from(`${HEADER}Fine,2020-01-01,1\nA`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(',2020-01-01,1\n')])
  assert.equal(await failure(content), 'line 3: Song is not valid UTF-8')
  await serverStillFine()
})

test('a 1 MB field, quoted or not, fails the task with its limit', async () => {
  const field = 's'.repeat(1024 * 1024)
  assert.equal(await failure(`${HEADER}${field},2020-01-01,1\n`), 'line 2: Song is longer than 65,535 bytes')
  assert.equal(await failure(`${HEADER}"${field}",2020-01-01,1\n`), 'line 2: Song is longer than 65,535 bytes')
  await serverStillFine()
})

test('100,000 columns, in a row or in the header, fail the task with a short message', async () => {
  assert.equal(await failure(`${HEADER}${'a,'.repeat(100_000)}x\n`), 'line 2: expected 3 fields (Song,Date,Number of Plays), got 100001')
  assert.match(await failure(`${'c,'.repeat(100_000)}x\nA,2020-01-01,1\n`), /^line 1: the first line must be the header .*…"$/)
  await serverStillFine()
})

// Python's csv module (the original's) refuses a NUL anywhere in a row.
test('a NUL byte inside a song name fails the task, quoted or not', async () => {
  assert.equal(await failure(`${HEADER}Fine,2020-01-01,1\nA\u0000B,2020-01-01,1\n`), 'line 3: Song contains a NUL byte')
  assert.equal(await failure(`${HEADER}"A\u0000B",2020-01-01,1\n`), 'line 2: Song contains a NUL byte')
  await serverStillFine()
})

// Found by test/property: a malformed multipart body once answered 500.
test('a truncated or malformed multipart upload is a 400, not a 500', async () => {
  for (const payload of ['{}', '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nSong,Date']) {
    const res = await f.server.inject({ method: 'POST', url: '/v1/data_processor/upload', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, payload })
    assert.equal(res.statusCode, 400, res.body)
    assert.equal(typeof res.json().error, 'string')
  }
})
