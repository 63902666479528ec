import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { processFile, TaskFailure, type ProcessOptions } from '../../../src/services/plays/engine/process-file.ts'
import { randomPlays } from './reference.ts'

const dir = mkdtempSync(path.join(os.tmpdir(), 'plays-validation-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const HEADER = 'Song,Date,Number of Plays\n'
let n = 0

async function failure(input: string | Buffer, options: Partial<ProcessOptions> = {}): Promise<TaskFailure> {
  const file = path.join(dir, `v${n++}.csv`)
  writeFileSync(file, input)
  try {
    await processFile({ input: file, output: `${file}.out`, workDir: `${file}.work`, budgetBytes: 16 * 1024 * 1024, threads: 1, skip: false, ...options })
  } catch (error) {
    assert.ok(error instanceof TaskFailure, `expected a TaskFailure, got ${String(error)}`)
    return error
  }
  throw new Error('expected the file to be rejected')
}

test('a bad row fails the task naming its line and the reason', async () => {
  const cases: Array<[string | Buffer, string]> = [
    [`${HEADER}A,2020-01-01,1\nB,2020-13-01,1\n`, 'line 3: Date must be a real date written YYYY-MM-DD (got "2020-13-01")'],
    [`${HEADER}A,2021-02-29,1\n`, 'line 2: Date must be a real date written YYYY-MM-DD (got "2021-02-29")'],
    [`${HEADER}A,01/02/2020,1\n`, 'line 2: Date must be a real date written YYYY-MM-DD (got "01/02/2020")'],
    [`${HEADER}A,2020-01-01,-5\n`, 'line 2: Number of Plays must be a whole number, 0 or more (got "-5")'],
    [`${HEADER}A,2020-01-01,1.5\n`, 'line 2: Number of Plays must be a whole number, 0 or more (got "1.5")'],
    [`${HEADER}A,2020-01-01,\n`, 'line 2: Number of Plays must be a whole number, 0 or more (got "")'],
    [`${HEADER}A,2020-01-01,${'9'.repeat(41)}\n`, 'line 2: Number of Plays has more than 40 digits'],
    [`${HEADER},2020-01-01,1\n`, 'line 2: Song is empty'],
    [`${HEADER}A,2020-01-01\n`, 'line 2: expected 3 fields (Song,Date,Number of Plays), got 2'],
    [`${HEADER}A,2020-01-01,1,2\n`, 'line 2: expected 3 fields (Song,Date,Number of Plays), got 4'],
    [`${HEADER}"Multi\nline",2020-01-01,1\n"Bad"x,2020-01-01,1\n`, 'line 4: unexpected text after a closing quote (quote the whole field and double the quotes inside it)'],
    [`${HEADER}A,2020-01-01,1\n"Never closed,2020-01-01,1\n`, 'line 3: a quoted field is never closed (missing ")'],
    [Buffer.concat([Buffer.from(`${HEADER}Fine,2020-01-01,1\nCaf`), Buffer.from([0xe9]), Buffer.from(',2020-01-01,1\n')]), 'line 3: Song is not valid UTF-8'],
  ]
  for (const [input, message] of cases) {
    const error = await failure(input)
    assert.equal(error.message, message)
    assert.deepEqual(error.details, { line: Number(/^line (\d+)/.exec(message)![1]) })
  }
})

test('empty, header-only and wrong-header files fail with a clear message', async () => {
  assert.equal((await failure('')).message, 'the file is empty')
  assert.equal((await failure(HEADER)).message, 'the file has a header but no rows')
  assert.equal((await failure(`${HEADER}\n\n`)).message, 'the file has a header but no rows')
  assert.equal((await failure('Song,Date,Plays\nA,2020-01-01,1\n')).message, 'line 1: the first line must be the header "Song,Date,Number of Plays" (in any case); got "Song,Date,Plays"')
  assert.equal((await failure('A,2020-01-01,1\n')).message, 'line 1: the first line must be the header "Song,Date,Number of Plays" (in any case); got "A,2020-01-01,1"')
  assert.equal((await failure('\n')).message, 'line 1: the first line must be the header "Song,Date,Number of Plays"; it is empty')
  const latin1 = Buffer.from(`${HEADER}Café,2020-01-01,1\n`, 'latin1')
  assert.equal((await failure(latin1)).message, 'line 2: Song is not valid UTF-8')
  assert.match((await failure(latin1, { skip: true })).message, /^no valid rows: all 1 rows were skipped \(first: line 2: Song is not valid UTF-8\)$/)
})

test('on_error=skip leaves bad rows out and reports how many and the first ones', async () => {
  const file = path.join(dir, 'skip.csv')
  const rows = [HEADER.trim(), 'A,2020-01-01,1', 'A,2020-01-01,x', 'B,2020-02-30,1', 'A,2020-01-01,2', ...Array.from({ length: 10 }, () => 'C,bad,1')]
  writeFileSync(file, `${rows.join('\n')}\n`)
  const result = await processFile({ input: file, output: `${file}.out`, workDir: `${file}.work`, budgetBytes: 16 * 1024 * 1024, threads: 1, skip: true })
  assert.equal(result.rows, 2)
  assert.equal(result.skipped, 12)
  assert.equal(result.problems.length, 5)
  assert.deepEqual(result.problems[0], { line: 3, reason: 'Number of Plays must be a whole number, 0 or more (got "x")' })
  assert.deepEqual(result.problems[1], { line: 4, reason: 'Date must be a real date written YYYY-MM-DD (got "2020-02-30")' })
  assert.equal(result.problems[2]!.line, 6)
})

test('a full disk fails the task with a clear message and leaves no partial file', async (t) => {
  const mount = path.join(dir, 'small-disk')
  mkdirSync(mount)
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mount], { stdio: 'ignore' })
  } catch {
    return t.skip('mounting a small tmpfs needs root')
  }
  try {
    const input = path.join(dir, 'big.csv')
    writeFileSync(input, randomPlays(100_000, 5_000, 300))
    const error = await processFile({ input, output: path.join(mount, 'out.csv'), workDir: path.join(mount, 'work'), budgetBytes: 256 * 1024, threads: 1, skip: false }).then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.ok(error instanceof TaskFailure, String(error))
    assert.equal(error.message, 'the disk is full: no space left for the partitions or the result')
    assert.deepEqual(readdirSync(mount), [])
  } finally {
    execFileSync('umount', [mount])
  }
})
