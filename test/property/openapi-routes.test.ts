import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fc from 'fast-check'
import pino from 'pino'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts'
import { startTestFlotilla, type TestFlotilla } from '../helpers/flotilla.ts'
import { wellFormedError } from './error-shapes.ts'
import { operations, requestCases, type Operation, type RequestCase } from './request-cases.ts'
import { changedTables, snapshotTables, totalChanges, type TableSnapshot } from './table-snapshot.ts'

/*
 * Every route of the OpenAPI document, driven with requests valid by its schemas and with
 * hostile ones (wrong types, huge strings, SQL metacharacters, traversal, NUL, bad bytes,
 * wrong content types). A fixed seed keeps CI reproducible; FLOTILLA_PBT_RUNS=500 (and
 * another FLOTILLA_PBT_SEED) makes the longer run on demand.
 */
const SEED = Number(process.env.FLOTILLA_PBT_SEED ?? 20261126)
const RUNS = Number(process.env.FLOTILLA_PBT_RUNS ?? 100)
const TOKEN = 'property-test-token-0123456789'
const CLIENT_ERRORS = new Set([400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 429])

let db: TestDatabase
let app: TestFlotilla
let ops: Operation[]
const counts: string[] = []
/** The last error the server logged: a 5xx's cause, quoted in the failure. */
let lastLoggedError = ''
const log = pino({ level: 'error' }, { write: (line: string) => void (lastLoggedError = line.slice(0, 600)) })

before(async () => {
  db = await createTestDatabase('sqlite')
  // api only: no worker runs what valid requests enqueue, so no generated URL is ever fetched.
  // The token opens the writes that ask for credentials even on loopback (the hotels DRF ones).
  app = await startTestFlotilla(db, { FLOTILLA_ROLE: 'api', HOTELS_SOURCE_URL: 'http://127.0.0.1:9', FLOTILLA_TOKEN: TOKEN }, { log })
  ops = operations((await app.server.inject({ url: '/openapi.json' })).json())
})

after(async () => {
  console.log(`property cases per route (seed ${SEED}, runs ${RUNS}):\n${counts.map((c) => `  ${c}`).join('\n')}`)
  for (const [what, n] of knownHits) console.log(`known bug hit ${n} time(s): ${what}`)
  await app.close()
  await db.cleanup()
})

/**
 * Bugs found and reported to the service owners, not yet fixed: each is let through here
 * (and counted in the output) so that the suite keeps guarding everything else, and has
 * a `todo` test under test/hostile/ that passes once it is fixed.
 */
// None open: the Infinity coercion, DRF's malformed bodies and malformed multipart uploads are fixed.
const KNOWN_BUGS: { what: string; matches: (op: Operation, request: RequestCase, status: number) => boolean }[] = []
const knownHits = new Map<string, number>()

/** Whether the answer is one of the known bugs (counted, then let through, row changes included). */
function knownBug(op: Operation, request: RequestCase, status: number): boolean {
  const known = KNOWN_BUGS.find((b) => b.matches(op, request, status))
  if (known) knownHits.set(known.what, (knownHits.get(known.what) ?? 0) + 1)
  return known !== undefined
}

/** What is wrong with the answer to `request`, or undefined when nothing is. */
function problem(op: Operation, request: RequestCase, response: { statusCode: number; headers: Record<string, unknown>; body: string }): string | undefined {
  const { statusCode: status, body } = response
  if (status >= 500 && status !== 503) return `answered ${status}; the server logged ${lastLoggedError}`
  // A route declaring no response schema documents only swagger's default 200: any 2xx will do.
  const documented = op.statuses.has(status) || (!op.documentsStatuses && status >= 200 && status < 300)
  if (!documented && !CLIENT_ERRORS.has(status) && status !== 503) return `answered ${status}, which the route does not document`
  const header = response.headers['content-type']
  const type = typeof header === 'string' ? header : ''
  let parsed: unknown
  if (type.includes('json') && request.method !== 'HEAD') {
    try {
      parsed = JSON.parse(body)
    } catch {
      return `answered ${status} with malformed JSON: ${body.slice(0, 120)}`
    }
  }
  if (status >= 400 && !wellFormedError(op.path, parsed)) return `answered ${status} with an error body of no known shape: ${body.slice(0, 200)}`
  return undefined
}

test('every route answers hostile and valid requests with a documented status, a well-formed body, and rejected requests change no row', async (t) => {
  assert.ok(ops.length > 50, `the OpenAPI document lists ${ops.length} routes`)
  const kysely = db.database.db
  let cached: TableSnapshot = await snapshotTables(kysely)
  let seen = await totalChanges(kysely)

  for (const op of ops) {
    await t.test(`${op.method} ${op.path}`, async (st: any) => {
      let cases = 0
      let hostile = 0
      let accepted = 0
      const statuses = new Map<number, number>()
      const batchBefore = await snapshotTables(kysely)
      await fc.assert(
        fc.asyncProperty(requestCases(op, TOKEN), async (request) => {
          cases++
          if (request.mutation) hostile++
          const pre = await totalChanges(kysely)
          if (pre !== seen) {
            cached = await snapshotTables(kysely)
            seen = pre
          }
          lastLoggedError = ''
          const response = await app.server.inject({
            method: request.method,
            url: request.url,
            headers: request.headers,
            ...(request.payload !== undefined ? { payload: request.payload } : {}),
          })
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
          if (response.statusCode < 400) accepted++
          // A known bug may have written (a row stored, then its reply failed): the batch cannot vouch.
          if (knownBug(op, request, response.statusCode)) {
            accepted++
            return
          }
          const wrong = problem(op, request, response)
          if (wrong) throw new Error(`${request.method} ${request.url.slice(0, 300)} (${request.mutation ?? 'valid by schema'}): ${wrong}`)
          if (response.statusCode >= 400 && (await totalChanges(kysely)) !== pre) {
            const changed = changedTables(cached, await snapshotTables(kysely))
            if (changed.length > 0) throw new Error(`${request.method} ${request.url.slice(0, 300)} (${request.mutation ?? 'valid by schema'}) was rejected with ${response.statusCode} but changed ${changed.join(', ')}`)
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
      )
      // The batch as a whole: when no request of it was accepted, no table may differ.
      if (accepted === 0) assert.deepEqual(changedTables(batchBefore, await snapshotTables(kysely)), [])
      const summary = `${op.method} ${op.path}: ${cases} cases (${hostile} hostile); statuses ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`
      counts.push(summary)
      st.diagnostic(summary)
    })
  }
})
