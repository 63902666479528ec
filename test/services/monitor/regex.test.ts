import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RegexPool } from '../../../src/services/monitor/engine/regex-pool.ts'
import { regexProblem, toJsRegex } from '../../../src/services/monitor/regex-syntax.ts'

function owned(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text))
  bytes.write(text)
  return bytes
}

test('Python patterns are translated; a pattern that does not compile says why', () => {
  assert.deepEqual(toJsRegex('(?i)(?P<price>\\d+) (?P=price)\\Z'), { source: '(?<price>\\d+) \\k<price>$', flags: 'i' })
  assert.equal(regexProblem('(?P<n>a)'), undefined)
  assert.match(regexProblem('(unclosed') ?? '', /does not compile/)
  assert.match(regexProblem('a'.repeat(1001)) ?? '', /at most 1000/)
})

test('matches follow Python findall: whole match, the one group, or all groups', async () => {
  const pool = new RegexPool({ threads: 1, budgetMs: 1000 })
  try {
    const html = '<p>a=<b>1</b>, b=<b>2</b></p>'
    assert.deepEqual(await pool.match(toJsRegex('\\w=\\d'), owned(html)), { matches: ['a=1', 'b=2'] })
    assert.deepEqual(await pool.match(toJsRegex('\\w=(\\d)'), owned(html)), { matches: ['1', '2'] })
    assert.deepEqual(await pool.match(toJsRegex('(\\w)=(\\d)'), owned(html)), { matches: [['a', '1'], ['b', '2']] })
    assert.deepEqual(await pool.match(toJsRegex('x*'), owned('ab')), { matches: ['', '', ''] })
    assert.deepEqual(await pool.match(toJsRegex('é+'), owned('<i>café</i>')), { matches: ['é'] })
  } finally {
    await pool.close()
  }
})

test('a catastrophic pattern is cut off by its budget and the pool goes on', async () => {
  const pool = new RegexPool({ threads: 1, budgetMs: 100 })
  try {
    // Exponential backtracking: this would hold a thread for far longer than the test runs.
    const evil = pool.match(toJsRegex('^(a+)+$'), owned('a'.repeat(64) + 'b'))
    const queued = pool.match(toJsRegex('a+'), owned('xaay'))
    assert.deepEqual(await evil, { error: 'timeout' })
    assert.deepEqual(await queued, { matches: ['aa'] })
    assert.deepEqual(await pool.match(toJsRegex('(a|aa)+$'), owned('a'.repeat(5000) + 'b')).then((r) => ('error' in r ? r.error : 'matched')), 'timeout')
    assert.deepEqual(await pool.match(toJsRegex('\\d+'), owned('1 2')), { matches: ['1', '2'] })
  } finally {
    await pool.close()
  }
})

test('many matches and long ones are bounded', async () => {
  const pool = new RegexPool({ threads: 1, budgetMs: 1000, maxMatches: 3, maxMatchLength: 4 })
  try {
    assert.deepEqual(await pool.match(toJsRegex('\\w+'), owned('abcdefgh ij kl mn op')), { matches: ['abcd', 'ij', 'kl'] })
  } finally {
    await pool.close()
  }
})
