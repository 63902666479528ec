import { isUtf8 } from 'node:buffer'
import { closeSync, openSync, readSync } from 'node:fs'
import { readRecord } from './csv-record.ts'
import { KeyTable } from './key-table.ts'
import { DATE_SPAN } from './pair-table.ts'
import { PartitionSink } from './partition-sink.ts'
import type { PartitionFiles } from './partitions.ts'
import { hashBytes, RowParser, type RowProblem } from './row-parser.ts'

export const INPUT_HEADER = ['song', 'date', 'number of plays']
/** Examples of skipped rows kept for the report. */
export const MAX_EXAMPLES = 5
const PROGRESS_EVERY = 4 * 1024 * 1024

/** One thread's share of the input: whole records from `start` to `end`. */
export interface RangeJob {
  file: string
  index: number
  start: number
  end: number
  /** The last range reads to the end of the file; the others must end on a record boundary. */
  last: boolean
  budgetBytes: number
  readBytes: number
  workDir: string
  skip: boolean
  /** Partitions are cut at these titles, should the keys outgrow the table. */
  splitters: Uint8Array[]
}

export interface RangeResult {
  rows: number
  skipped: number
  /** Bad rows (lines counted from the range's start); in fail mode, the one that stopped it. */
  problems: RowProblem[]
  /** A problem no on_error setting skips: a wrong header, a row too long to be real. */
  fatal?: RowProblem
  /** Line feeds in the range, to turn the next ranges' lines into file lines. */
  newlines: number
  /** The range's end fell inside a quoted field: the split was wrong and must be redone. */
  misaligned: boolean
  /** Set when the keys outgrew the table: the range's rows, by partition (undefined: none there). */
  partitions?: Array<PartitionFiles | undefined>
  /** Times the table was full (0 or 1 here: once full, rows go to partitions). */
  spills: number
}

class StopParsing extends Error {}

function checkHeader(fields: Uint8Array[]): string | undefined {
  const names = fields.map((f) => Buffer.from(f).toString('utf8').trim().toLowerCase())
  if (names.length === INPUT_HEADER.length && names.every((n, i) => n === INPUT_HEADER[i])) return undefined
  const got = fields.map((f) => Buffer.from(f).toString('utf8')).join(',')
  if (got.length === 0) return 'the first line must be the header "Song,Date,Number of Plays"; it is empty'
  return `the first line must be the header "Song,Date,Number of Plays" (in any case); got ${JSON.stringify(got.length > 80 ? `${got.slice(0, 80)}…` : got)}`
}

/**
 * Aggregates one range of the input into a table, kept in `keep` for what comes next.
 * Should the table fill, it is written out to partitions and the rest of the range goes
 * there too. Synchronous: it runs in a worker thread, reading with plain `readSync` calls.
 */
export function aggregateRange(job: RangeJob, onProgress: (bytes: number) => void, keep: { table?: KeyTable | undefined }, collect: () => void = () => {}): RangeResult {
  let table: KeyTable | undefined = new KeyTable(job.budgetBytes)
  let sink: PartitionSink | undefined
  const result: RangeResult = { rows: 0, skipped: 0, problems: [], newlines: 0, misaligned: false, spills: 0 }
  const parser = new RowParser(
    table,
    () => {
      sink = new PartitionSink(job.workDir, `r${job.index}`, job.splitters, job.budgetBytes)
      writeToPartitions(table!, sink)
      parser.target = sink
      table = undefined
      // The table's arrays are garbage now; the sink's memory comes out of the same budget.
      collect()
      result.spills++
    },
    (problem) => {
      result.skipped++
      if (result.problems.length < MAX_EXAMPLES) result.problems.push(problem)
      if (!job.skip) throw new StopParsing()
    },
  )
  const fd = openSync(job.file, 'r')
  const buf = Buffer.allocUnsafe(job.readBytes)
  let filePos = job.start
  let carry = 0
  let unreported = 0
  let header = job.index === 0
  try {
    if (header && readSync(fd, buf, 0, 3, 0) === 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) filePos += 3
    for (;;) {
      const want = Math.min(buf.length - carry, job.end - filePos)
      const read = want > 0 ? readSync(fd, buf, carry, want, filePos) : 0
      filePos += read
      unreported += read
      const limit = carry + read
      const eof = job.last && filePos >= job.end
      let pos = 0
      if (header) {
        const record = readRecord(buf, pos, limit, eof || filePos >= job.end)
        if (record === null && carry + read < buf.length) {
          carry = limit
          continue
        }
        const problem = record === null ? 'the first line is too long to be the header' : checkHeader(record.fields)
        if (problem) {
          result.fatal = { line: 1, reason: problem }
          return result
        }
        parser.line += record!.newlines
        pos = record!.end
        header = false
      }
      const chunk = buf.subarray(pos, limit)
      parser.checkSongs = !isUtf8(chunk) || chunk.includes(0)
      pos = parser.parse(buf, pos, limit, eof)
      if (unreported >= PROGRESS_EVERY) {
        onProgress(unreported)
        unreported = 0
      }
      if (filePos >= job.end) {
        if (pos < limit) result.misaligned = true
        break
      }
      carry = limit - pos
      if (carry === buf.length) {
        result.fatal = { line: parser.line, reason: `a row is longer than ${buf.length.toLocaleString('en-US')} bytes (is a quote never closed?)` }
        return result
      }
      buf.copyWithin(0, pos, limit)
    }
  } catch (error) {
    if (!(error instanceof StopParsing)) throw error
  } finally {
    closeSync(fd)
    onProgress(unreported)
    result.rows = parser.rows
    result.newlines = parser.line - 1
  }
  if (result.problems.length > 0 && !job.skip) return result
  if (sink) result.partitions = sink.close()
  keep.table = table
  return result
}

/** Every pair of a table into partitions (a table that filled, or one kept when another range's did). */
export function writeToPartitions(table: KeyTable, sink: PartitionSink): void {
  const { slots } = table.pairs
  const { entries } = table.songs
  // As a Buffer, like the parser's input: the sink's code then sees one kind of array.
  const arena = Buffer.from(table.songs.arena.buffer, table.songs.arena.byteOffset, table.songs.arena.byteLength)
  const hashes = new Int32Array(table.songs.count)
  const hashed = new Uint8Array(table.songs.count)
  for (let s = 0; s < slots.length; s += 2) {
    const key = slots[s]!
    if (key === 0) continue
    const song = Math.floor((key - 1) / DATE_SPAN)
    const date = key - 1 - song * DATE_SPAN
    const start = entries[song << 1]!
    const len = entries[(song << 1) + 1]!
    if (hashed[song] === 0) {
      hashes[song] = hashBytes(arena, start, start + len)
      hashed[song] = 1
    }
    const sum = slots[s + 1]!
    if (Number.isNaN(sum)) sink.addBig(arena, start, len, hashes[song]!, date, table.bigTotal(song, date))
    else sink.add(arena, start, len, hashes[song]!, date, sum)
  }
}
