import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { readEstimatesCsv } from '../../../src/services/ctr/csv-import.ts'

async function readAll(text: string) {
  const out = []
  for await (const batch of readEstimatesCsv(text, 2)) out.push(...batch)
  return out
}

async function failure(text: string): Promise<{ message: string; details: unknown; statusCode: number }> {
  try {
    await readAll(text)
  } catch (error) {
    return error as { message: string; details: unknown; statusCode: number }
  }
  throw new Error('expected the CSV to be rejected')
}

test('reads the shared sample: 59 rows, ad 1 = 0.841029708', async () => {
  const rows = await readAll(readFileSync(new URL('../../../../shared/data/ctr/estimated-ctr.csv', import.meta.url), 'utf8'))
  assert.equal(rows.length, 59)
  assert.deepEqual(rows[0], { adId: 1, estimatedCvr: 0.841029708 })
})

test('accepts a BOM, CRLF and a trailing blank line', async () => {
  assert.deepEqual(await readAll('\uFEFFadId,estimatedCVR\r\n3,0.5\r\n\r\n'), [{ adId: 3, estimatedCvr: 0.5 }])
})

test('a bad row names its line and the reason', async () => {
  const cases: Array<[string, RegExp, number]> = [
    ['adId,estimatedCVR\n1,0.5\n2,1.5\n', /line 3: estimatedCVR must be a number in \[0, 1\]/, 3],
    ['adId,estimatedCVR\n1,0.5\nx,0.1\n', /line 3: adId must be a non-negative integer/, 3],
    ['adId,estimatedCVR\n1,NaN\n', /line 2: estimatedCVR/, 2],
    ['adId,estimatedCVR\n1,\n', /line 2: estimatedCVR/, 2],
    ['adId,estimatedCVR\n1.5,0.1\n', /line 2: adId/, 2],
    ['adId,estimatedCVR\n1,0.1,9\n', /line 2: expected 2 fields, got 3/, 2],
    ['id,cvr\n1,0.1\n', /line 1: the header must be "adId,estimatedCVR"/, 1],
  ]
  for (const [text, pattern, line] of cases) {
    const error = await failure(text)
    assert.match(error.message, pattern)
    assert.deepEqual(error.details, { line })
    assert.equal(error.statusCode, 400)
  }
})

test('an empty file is rejected with a clear message', async () => {
  assert.match((await failure('')).message, /empty/)
})
