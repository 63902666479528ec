import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla, type TestFlotilla } from '../helpers/flotilla.ts'
import { playsService } from '../../src/services/plays/index.ts'
import { multipart, waitForStatus } from '../services/plays/helpers.ts'

const TOKEN = 'hostile-test-token-0123456789'
let db: TestDatabase
let f: TestFlotilla
let outside: string

before(async () => {
  db = await createTestDatabase('sqlite')
  f = await startTestFlotilla(db, { FLOTILLA_ROLE: 'api', FLOTILLA_TOKEN: TOKEN })
  // A file beside the data directory that a traversal would reach: it must survive every request.
  outside = mkdtempSync(path.join(os.tmpdir(), 'flotilla-outside-'))
  writeFileSync(path.join(outside, 'victim.csv'), 'root:x:0:0\n')
})

after(async () => {
  await f.close()
  await db.cleanup()
  rmSync(outside, { recursive: true, force: true })
})

function traversals(): string[] {
  const victim = path.relative(path.join(f.dataDir, 'files', 'plays', 'outputs'), path.join(outside, 'victim'))
  return [
    encodeURIComponent('../../etc/passwd'),
    encodeURIComponent(victim),
    encodeURIComponent(`${victim}.csv`),
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5C..%5Cwindows%5Cwin.ini',
    encodeURIComponent('/etc/passwd'),
    'x%00.csv',
    '....%2F%2F....%2F%2Fetc%2Fpasswd',
  ]
}

const ROUTES: [method: 'GET' | 'POST' | 'PATCH' | 'DELETE', template: string][] = [
  ['GET', '/v1/tasks/status/{}'],
  ['GET', '/v1/tasks/{}'],
  ['DELETE', '/v1/tasks/{}'],
  ['GET', '/v1/data_processor/download/{}'],
  ['GET', '/api/admin/plays/tasks/{}'],
  ['PATCH', '/api/admin/plays/tasks/{}'],
  ['GET', '/api/monitor/websites/{}'],
  ['PATCH', '/api/monitor/websites/{}'],
  ['DELETE', '/api/monitor/websites/{}'],
  ['POST', '/api/monitor/websites/{}/pause'],
  ['GET', '/api/monitor/websites/{}/checks'],
  ['GET', '/api/monitor/websites/{}/stats'],
  ['GET', '/api/admin/monitor/websites/{}'],
  ['GET', '/api/hotels/jobs/{}'],
  ['GET', '/hotels/api/drf/hotels/{}/'],
  ['DELETE', '/hotels/api/drf/hotels/{}/'],
  ['GET', '/api/admin/hotels/hotels/{}'],
  ['GET', '/api/ctr/estimates/{}'],
  ['GET', '/api/db/tables/{}/rows'],
  ['GET', '/api/profiler/requests/{}'],
]

test('every id and file-name parameter refuses traversal: a 4xx, nothing read or removed outside', async () => {
  for (const [method, template] of ROUTES) {
    for (const value of traversals()) {
      const url = template.replace('{}', value)
      const res = await f.server.inject({
        method,
        url,
        headers: { authorization: `Bearer ${TOKEN}`, ...(method === 'PATCH' ? { 'content-type': 'application/json' } : {}) },
        ...(method === 'PATCH' ? { payload: '{"status":"CANCELLED","intervalSeconds":60}' } : {}),
      })
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
      assert.doesNotMatch(res.body, /root:x:0/, `${method} ${url} leaked a file`)
    }
  }
  assert.ok(existsSync(path.join(outside, 'victim.csv')), 'the file outside the data directory is still there')
})

test('an upload named with a traversal is stored under its id, and its download name is flattened', async () => {
  const playsDb = await createTestDatabase('sqlite')
  const plays = await startTestFlotilla(playsDb, {}, { services: [playsService] })
  try {
    const before = readdirSync(outside)
    const csv = 'Song,Date,Number of Plays\nA,2020-01-01,1\n'
    const { payload, headers } = multipart(csv, 'file', `../../../../..${outside}/victim.csv`)
    const named = await plays.server.inject({ method: 'POST', url: '/v1/data_processor/upload', headers, payload })
    assert.equal(named.statusCode, 202, named.body)
    const raw = await plays.server.inject({ method: 'POST', url: `/v1/data_processor/upload?filename=${encodeURIComponent(`../../..${outside}/evil".csv\r\nSet-Cookie: a=b`)}`, headers: { 'content-type': 'text/csv' }, payload: csv })
    assert.equal(raw.statusCode, 202, raw.body)
    for (const id of [named.json().task_id, raw.json().task_id]) {
      assert.equal((await waitForStatus(plays, id)).status, 'DONE')
      const download = await plays.server.inject({ url: `/v1/data_processor/download/${id}` })
      assert.equal(download.statusCode, 200)
      const disposition = String(download.headers['content-disposition'])
      assert.match(disposition, /^attachment; filename="[A-Za-z0-9._-]+"$/, disposition)
      assert.equal(download.headers['set-cookie'], undefined)
    }
    assert.deepEqual(readdirSync(outside), before, 'nothing written beside the data directory')
    assert.equal(readFileSync(path.join(outside, 'victim.csv'), 'utf8'), 'root:x:0:0\n')
  } finally {
    await plays.close()
    await playsDb.cleanup()
  }
})
