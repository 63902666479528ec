import { closeSync, openSync, readSync } from 'node:fs'
import path from 'node:path'
import { CsvWriter } from './csv-output.ts'
import { KeyTable } from './key-table.ts'
import { mergeRuns } from './merge.ts'
import { RECORD_BYTES } from './partition-sink.ts'
import type { PartitionFiles } from './partitions.ts'
import { hashBytes } from './row-parser.ts'
import { RunReader, RunWriter } from './run-file.ts'
import { writeTable } from './sorted-source.ts'

/** Records read at a time (a whole number of them). */
const READ_BYTES = RECORD_BYTES * 64 * 1024

export interface PartitionMergePlan {
  /** Partitions in key order; for each, the files every engine thread wrote for it. */
  partitions: PartitionFiles[][]
  /** The result file (it exists): each partition's rows are written at their place in it. */
  output: string
  budgetBytes: number
  workDir: string
  /** Names this thread's runs apart from other threads'. */
  name: string
  /** Shared by the merging threads: Int32 [next partition to take, set when one failed]. */
  claims: SharedArrayBuffer
  /** Shared: BigInt64 per partition, where its bytes start in the output (-1 until known); one more for the end. */
  offsets: SharedArrayBuffer
}

/** A merging thread's budget: its output buffer, and its table (what is left after the buffers). */
export function mergeMemory(budgetBytes: number): { outBytes: number; tableBytes: number } {
  const outBytes = Math.min(16 * 1024 * 1024, Math.max(1024 * 1024, Math.floor(budgetBytes / 4)))
  return { outBytes, tableBytes: Math.max(budgetBytes - outBytes - READ_BYTES - 512 * 1024, 1024 * 1024) }
}

/** The state the merging threads share, for `partitions` partitions. */
export function mergeState(partitions: number): Pick<PartitionMergePlan, 'claims' | 'offsets'> {
  const claims = new SharedArrayBuffer(8)
  const offsets = new SharedArrayBuffer(8 * (partitions + 1))
  new BigInt64Array(offsets).fill(-1n)[0] = 0n
  return { claims, offsets }
}

/** Blocks of an open file, read one after the other as if they were one stream. */
class BlockReader {
  private block = 0
  private done = 0

  constructor(
    private readonly fd: number,
    /** offset, length, offset, length… */
    private readonly blocks: number[],
  ) {}

  /** Reads up to `len` bytes into `into` at `at`; 0 at the end. */
  read(into: Uint8Array, at: number, len: number): number {
    let filled = 0
    while (filled < len && this.block < this.blocks.length) {
      const left = this.blocks[this.block + 1]! - this.done
      const read = readSync(this.fd, into, at + filled, Math.min(left, len - filled), this.blocks[this.block]! + this.done)
      if (read === 0) throw new Error('a partition block is truncated')
      filled += read
      this.done += read
      if (this.done === this.blocks[this.block + 1]) {
        this.block += 2
        this.done = 0
      }
    }
    return filled
  }
}

/** Reads a partition's titles one at a time: `buf[start, start + len)`. */
class TitleReader {
  readonly buf = Buffer.allocUnsafe(256 * 1024)
  start = 0
  len = 0
  private pos = 0
  private limit = 0

  constructor(private readonly blocks: BlockReader) {}

  /** Moves to the next title; false at the end. */
  next(): boolean {
    if (!this.ensure(2)) return false
    const len = this.buf[this.pos]! | (this.buf[this.pos + 1]! << 8)
    if (!this.ensure(2 + len)) throw new Error('a partition titles block is truncated')
    this.start = this.pos + 2
    this.len = len
    this.pos += 2 + len
    return true
  }

  private ensure(n: number): boolean {
    if (this.limit - this.pos >= n) return true
    this.buf.copyWithin(0, this.pos, this.limit)
    this.limit -= this.pos
    this.pos = 0
    while (this.limit < n) {
      const read = this.blocks.read(this.buf, this.limit, this.buf.length - this.limit)
      if (read === 0) return false
      this.limit += read
    }
    return true
  }
}

/**
 * Aggregates partitions into the result: the threads take them in key order, one at a
 * time, each into a table (song numbers turned into the table's ids through the titles
 * file), which is then written out sorted at the partition's place in the file (known as
 * soon as the partition before it is done; a thread waits for it only if its buffer fills
 * first). Partitions are cut to fit in memory; one that does not (a sample gone wrong, a
 * song with a great many dates) spills sorted runs, merged at its end.
 */
export function mergePartitions(plan: PartitionMergePlan): { rows: number; bytes: number; spills: number } {
  const claims = new Int32Array(plan.claims)
  const offsets = new BigInt64Array(plan.offsets)
  const startOf = (p: number): number => {
    for (;;) {
      const at = Atomics.load(offsets, p)
      if (at >= 0n) return Number(at)
      if (Atomics.load(claims, 1) !== 0) throw new Error('another engine thread failed')
      Atomics.wait(offsets, p, -1n, 200)
    }
  }
  const { outBytes, tableBytes } = mergeMemory(plan.budgetBytes)
  const out = Buffer.allocUnsafe(outBytes)
  const table = new KeyTable(tableBytes)
  const chunk = new ArrayBuffer(READ_BYTES)
  // Each engine thread's block file, opened once for all the partitions read from it.
  const blockFiles = new Map<string, number>()
  const blocksOf = (source: PartitionFiles, blocks: number[]): BlockReader => {
    let fd = blockFiles.get(source.file)
    if (fd === undefined) blockFiles.set(source.file, (fd = openSync(source.file, 'r')))
    return new BlockReader(fd, blocks)
  }
  const fd = openSync(plan.output, 'r+')
  let rows = 0
  let bytes = 0
  let spills = 0
  try {
    for (let p = Atomics.add(claims, 0, 1); p < plan.partitions.length; p = Atomics.add(claims, 0, 1)) {
      const csv = new CsvWriter({ fd, start: () => startOf(p) }, out, p === 0)
      const runs: string[] = []
      const spill = (): void => {
        const run = path.join(plan.workDir, `${plan.name}-p${p}-${runs.length}.run`)
        const writer = new RunWriter(run, 256 * 1024)
        writeTable(table, writer)
        writer.close()
        runs.push(run)
        spills++
      }
      const sources = plan.partitions[p]!
      for (const source of sources) if (source.bytes > 0) addRecords(blocksOf(source, source.titles), () => blocksOf(source, source.records), table, chunk, spill)
      for (const source of sources) if (source.wide.length > 0) addWide(new RunReader(`${source.file} (wide rows)`, 0, blocksOf(source, source.wide)), table, spill)
      if (runs.length === 0) writeTable(table, csv)
      else mergeRuns(runs, table, csv, { workDir: plan.workDir, budgetBytes: plan.budgetBytes, name: `${plan.name}-p${p}` })
      table.reset()
      const end = csv.close()
      Atomics.store(offsets, p + 1, BigInt(end))
      Atomics.notify(offsets, p + 1)
      rows += csv.rows
      bytes += csv.bytes
    }
  } catch (error) {
    Atomics.store(claims, 1, 1)
    throw error
  } finally {
    closeSync(fd)
    for (const blockFd of blockFiles.values()) closeSync(blockFd)
  }
  return { rows, bytes, spills }
}

/**
 * One thread's records of a partition. Its titles are taken into the table as many at a
 * time as fit (usually all): the records of those songs are added, and while titles
 * remain, the table is spilled and emptied for the next ones.
 */
function addRecords(titleBlocks: BlockReader, recordBlocks: () => BlockReader, table: KeyTable, chunk: ArrayBuffer, spill: () => void): void {
  const titles = new TitleReader(titleBlocks)
  let map = new Int32Array(1024)
  let from = 0
  let pending = titles.next()
  while (pending) {
    let to = from
    while (pending) {
      const id = table.songs.id(titles.buf, titles.start, titles.len, hashBytes(titles.buf, titles.start, titles.start + titles.len))
      if (id < 0) break
      if (to - from === map.length) {
        const grown = new Int32Array(map.length * 2)
        grown.set(map)
        map = grown
      }
      map[to++ - from] = id
      pending = titles.next()
    }
    if (to > from) addRecordsOf(recordBlocks(), from, to, map, table, chunk, spill)
    if (pending) {
      // Titles remain and the table has no room for them: out with what it holds.
      if (table.count > 0) spill()
      table.reset()
    }
    from = to
  }
}

/** Records whose slots are read ahead of adding them. */
const TOUCH_BLOCK = 128

/** Adds the records whose song number is in [from, to). */
function addRecordsOf(reader: BlockReader, from: number, to: number, map: Int32Array, table: KeyTable, chunk: ArrayBuffer, spill: () => void): void {
  const bytes = new Uint8Array(chunk)
  const u32 = new Uint32Array(chunk)
  const pairs = table.pairs
  const span = to - from
  for (;;) {
    const filled = reader.read(bytes, 0, bytes.length)
    if (filled === 0) break
    const end = 3 * Math.floor(filled / RECORD_BYTES)
    for (let block = 0; block < end; block += 3 * TOUCH_BLOCK) {
      const blockEnd = Math.min(end, block + 3 * TOUCH_BLOCK)
      // First every pair's slot, loads independent of one another: their misses overlap.
      for (let i = block; i < blockEnd; i += 3) {
        const s = u32[i]! - from
        if (s >= 0 && s < span) pairs.touch(map[s]!, u32[i + 1]!)
      }
      for (let i = block; i < blockEnd; i += 3) {
        const s = u32[i]! - from
        if (s < 0 || s >= span) continue
        const song = map[s]!
        const date = u32[i + 1]!
        const plays = u32[i + 2]!
        if (!pairs.add(song, date, plays)) {
          spill()
          pairs.reset()
          pairs.add(song, date, plays)
        }
      }
    }
  }
}

/** Plays too wide for a record, added by title, exactly. */
function addWide(reader: RunReader, table: KeyTable, spill: () => void): void {
  const add = (hash: number): boolean =>
    Number.isNaN(reader.sum)
      ? table.addBig(reader.buf, reader.songStart, reader.songLen, hash, reader.date, reader.big)
      : table.add(reader.buf, reader.songStart, reader.songLen, hash, reader.date, reader.sum)
  try {
    while (reader.next()) {
      const hash = hashBytes(reader.buf, reader.songStart, reader.songStart + reader.songLen)
      if (!add(hash)) {
        spill()
        table.reset()
        add(hash)
      }
    }
  } finally {
    reader.close()
  }
}
