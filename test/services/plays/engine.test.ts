import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { parseDate, writeDate } from '../../../src/services/plays/engine/dates.ts'
import { processFile, type ProcessOptions } from '../../../src/services/plays/engine/process-file.ts'
import { SAMPLE_INPUT, SAMPLE_OUTPUT } from './helpers.ts'
import { randomPlays, referenceTotals } from './reference.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'plays-engine-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

async function run(input: string | Buffer, options: Partial<ProcessOptions> = {}) {
  const name = `t${n++}`
  const file = path.join(dir, `${name}.csv`)
  const output = path.join(dir, `${name}.out.csv`)
  writeFileSync(file, input)
  const result = await processFile({ input: file, output, workDir: path.join(dir, `${name}.work`), budgetBytes: 64 * 1024 * 1024, threads: 1, skip: false, ...options })
  return { result, text: readFileSync(output, 'utf8'), bytes: readFileSync(output) }
}

test('dates are written back as they were read, years 1 to 9999', () => {
  const out = Buffer.alloc(10)
  for (const date of ['0001-01-01', '0099-09-09', '0999-12-31', '1970-06-15', '2000-02-29', '2024-10-01', '9999-12-31']) {
    writeDate(out, 0, parseDate(Buffer.from(date), 0))
    assert.equal(out.toString('latin1'), date)
  }
})

test('the sample pair, byte for byte', async () => {
  const { bytes, result } = await run(SAMPLE_INPUT)
  assert.deepEqual(bytes, SAMPLE_OUTPUT)
  assert.equal(result.rows, 7)
  assert.equal(result.outputRows, 4)
  assert.equal(result.spills, 0)
})

test('quoting, CRLF, a BOM, Unicode titles in code point order', async () => {
  const input = [
    '\uFEFFsong,DATE,number of plays',
    '"Hey, Jude",2020-01-01,1',
    'Hey, Jude,2020-01-01,1',
    '"Say ""Hello""",2020-01-02,2',
    '"Umbrella",2020-01-01,5',
    'Umbrella,2020-01-01,6',
    '"Two\r\nLines",2020-01-01,3',
    '\uFFFD,2020-01-01,1',
    '😀,2020-01-01,1',
    'Café,2020-01-01,1',
    'Cafe,2020-01-01,1',
    'Umbrella,"2020-01-01","7"',
    '',
  ].join('\r\n')
  const { text, result } = await run(input, { skip: true })
  assert.equal(result.skipped, 1, 'the unquoted "Hey, Jude" has 4 fields')
  assert.deepEqual(result.problems, [{ line: 3, reason: 'expected 3 fields (Song,Date,Number of Plays), got 4' }])
  assert.equal(
    text,
    [
      'Song,Date,Total Number of Plays for Date',
      'Cafe,2020-01-01,1',
      'Café,2020-01-01,1',
      '"Hey, Jude",2020-01-01,1',
      '"Say ""Hello""",2020-01-02,2',
      '"Two\r\nLines",2020-01-01,3',
      'Umbrella,2020-01-01,18',
      '\uFFFD,2020-01-01,1',
      '😀,2020-01-01,1',
      '',
    ].join('\n'),
  )
})

test('totals stay exact past 2^53', async () => {
  const big = '1000000000000000000000000000000'
  const { text } = await run(`Song,Date,Number of Plays\nA,2020-01-01,9007199254740991\nA,2020-01-01,2\nB,2020-01-01,${big}\nB,2020-01-01,1\nC,2020-01-01,007\n`)
  assert.equal(text, `Song,Date,Total Number of Plays for Date\nA,2020-01-01,9007199254740993\nB,2020-01-01,${big.slice(0, -1)}1\nC,2020-01-01,7\n`)
})

test('keys beyond a tiny budget: rows distributed into partitions, aggregated one by one, the same output', async () => {
  const input = randomPlays(60_000, 900, 120)
  const expected = referenceTotals(input)
  const inMemory = await run(input, { budgetBytes: 256 * 1024 * 1024, threads: 1 })
  assert.equal(inMemory.result.spills, 0)
  assert.equal(inMemory.result.partitions, 0)
  assert.equal(inMemory.text, expected)
  const partitioned = await run(input, { budgetBytes: 256 * 1024, threads: 1 })
  assert.equal(partitioned.result.spills, 1, 'the table filled once; each partition then fit in memory')
  assert.ok(partitioned.result.partitions >= 4, `partitions: ${partitioned.result.partitions}`)
  assert.equal(partitioned.text, expected)
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.work') || f.endsWith('.tmp')), [], 'scratch and temp files are removed')
})

test('a partition too big for memory spills sorted runs and merges them to the same output', async () => {
  const input = randomPlays(60_000, 900, 120)
  const spilled = await run(input, { budgetBytes: 256 * 1024, threads: 1, maxPartitions: 1 })
  assert.equal(spilled.result.partitions, 1)
  assert.ok(spilled.result.spills >= 3, `spills: ${spilled.result.spills}`)
  assert.equal(spilled.text, referenceTotals(input))
})

test('more titles than a tiny budget holds: numbered afresh while distributing, taken in slices while merging', async () => {
  const input = randomPlays(40_000, 30_000, 2, 5)
  const { result, text } = await run(input, { budgetBytes: 256 * 1024, threads: 1, maxPartitions: 1 })
  assert.ok(result.spills >= 2, `spills: ${result.spills}`)
  assert.equal(text, referenceTotals(input))
})

test('two threads distributing into partitions, totals past 2^53 among them', async () => {
  const big = '123456789012345678901234567890'
  const rows = randomPlays(350_000, 2_000, 365, 3)
  const input = `${rows}Umbrella 0,2021-01-01,${big}\nUmbrella 0,2021-01-01,${big}\nZ,2021-01-01,9007199254740991\nZ,2021-01-01,9\n${rows.slice(rows.indexOf('\n') + 1)}`
  const { result, text } = await run(input, { budgetBytes: 1024 * 1024, threads: 2 })
  assert.equal(result.threads, 2)
  assert.ok(result.partitions > 1, `partitions: ${result.partitions}`)
  assert.equal(text, referenceTotals(input))
  assert.match(text, /\nZ,2021-01-01,9007199254741000\n/)
})

test('every row too wide for a record, long titles among them: the wide rows go through the partitions exactly', async () => {
  // Plays of 2^32 and more, past 2^53 now and then; two titles longer than a partition's
  // buffer of wide rows, which are written as blocks of their own.
  const titles = [...Array.from({ length: 4_000 }, (_, i) => (i % 7 === 0 ? `"Say ""Hi"" ${i}"` : `Song ${i}`)), 'L'.repeat(5_000), `M${'é'.repeat(3_000)}`]
  const lines = ['Song,Date,Number of Plays']
  for (let i = 0; i < 500_000; i++) {
    const plays = BigInt((i * 7_919) % 1_000) + (i % 97 === 0 ? 2n ** 60n : 2n ** 32n)
    lines.push(`${titles[(i * 2_654_435_761) % titles.length]},2021-01-${String(1 + (i % 28)).padStart(2, '0')},${plays}`)
  }
  const input = `${lines.join('\n')}\n`
  const { result, text } = await run(input, { budgetBytes: 1024 * 1024, threads: 2 })
  assert.equal(result.threads, 2)
  assert.ok(result.partitions > 1, `partitions: ${result.partitions}`)
  assert.equal(text, referenceTotals(input))
  assert.match(text, new RegExp(`\nL{5000},2021-01-\\d\\d,\\d{11}`))
})

test('one range outgrows its table, the other does not: the kept table joins the partitions', async () => {
  const many = randomPlays(150_000, 20_000, 365, 13)
  const few = randomPlays(600_000, 5, 10, 17)
  const input = `${many}${few.slice(few.indexOf('\n') + 1)}`
  const { result, text } = await run(input, { budgetBytes: 4 * 1024 * 1024, threads: 2 })
  assert.equal(result.threads, 2)
  // The second range's 50 keys cannot fill its table: it is settled into partitions.
  assert.equal(result.spills, 1, 'only the first range filled its table')
  assert.ok(result.partitions > 1, `partitions: ${result.partitions}`)
  assert.equal(text, referenceTotals(input))
})

test('several threads, a cut inside a quoted field, spills: the same output', async () => {
  const rows = randomPlays(400_000, 3_000, 365, 11)
  // A title with many line breaks sits where the file is cut in two, so the second
  // thread starts inside a quoted field and the split must be redone.
  const title = `"${'verse\n'.repeat(10_000)}"`
  const half = rows.slice(rows.indexOf('\n') + 1)
  const input = `Song,Date,Number of Plays\n${half}${title},2020-01-01,5\n${half}`
  const expected = referenceTotals(input)
  const two = await run(input, { budgetBytes: 2 * 1024 * 1024, threads: 2 })
  assert.ok(two.result.spills > 0)
  assert.equal(two.result.threads, 1, 'the misaligned split fell back to one thread')
  assert.equal(two.text, expected)
  const plain = input.replace(title, '"One title"')
  const split = await run(plain, { budgetBytes: 64 * 1024 * 1024, threads: 2 })
  assert.equal(split.result.threads, 2)
  assert.equal(split.text, referenceTotals(plain))
})
