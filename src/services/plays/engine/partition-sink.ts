import { closeSync, openSync, writeSync } from 'node:fs'
import path from 'node:path'
import { grownArena, placeSlot, rehashSlots } from './hash-slots.ts'
import { partitionOf, type PartitionFiles } from './partitions.ts'
import type { RowTarget } from './row-parser.ts'
import { encodeKey, keyBytes } from './run-file.ts'

/** A record: u32 song (the thread's number for it in the partition), u32 date, u32 plays. */
export const RECORD_BYTES = 12
/** Plays that do not fit a record's 32 bits go to the partition's `wide` file. */
const MAX_RECORD_PLAYS = 0xffff_ffff
const MIN_BUFFER = 4 * 1024
const MAX_BUFFER = 32 * 1024

/** Buffered titles per partition; a longer title is written on its own. */
const TITLES_BUFFER = 4 * 1024
/** Buffered wide rows per partition, once it has one; a longer row is written on its own. */
const WIDE_BUFFER = 4 * 1024

/**
 * The one file a sink writes its partitions' records and titles to, as blocks: a file
 * per partition cost 0.35–0.45 s a thread just to create 500 of them (ext4 here, --cpu-prof).
 */
class BlockFile {
  private fd = -1
  private end = 0

  constructor(readonly path: string) {}

  /** Appends the bytes; returns where they start. */
  append(bytes: Uint8Array): number {
    if (this.fd < 0) this.fd = openSync(this.path, 'w')
    const at = this.end
    let done = 0
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done)
    this.end += bytes.length
    return at
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }
}

/** One partition's output in a thread: its records, its song titles, its wide rows. */
class Partition {
  /** Blocks of records, titles and wide rows in the sink's file: offset, length, offset, length… */
  readonly recordBlocks: number[] = []
  readonly titleBlocks: number[] = []
  readonly wideBlocks: number[] = []
  recordBytes = 0
  private wide: Buffer | undefined
  private wideAt = 0
  /** Records buffered, three u32 each. */
  readonly u32: Uint32Array
  count = 0
  private readonly titles = new Uint8Array(TITLES_BUFFER)
  private titlesAt = 0
  /** Songs numbered in this partition so far. */
  songCount = 0

  constructor(
    private readonly file: BlockFile,
    bufferBytes: number,
  ) {
    this.u32 = new Uint32Array(new ArrayBuffer(bufferBytes))
  }

  flushRecords(): void {
    if (this.count === 0) return
    const bytes = new Uint8Array(this.u32.buffer, 0, this.count * RECORD_BYTES)
    this.recordBlocks.push(this.file.append(bytes), bytes.length)
    this.recordBytes += bytes.length
    this.count = 0
  }

  addTitle(src: Uint8Array, start: number, len: number): number {
    if (this.titlesAt + len + 2 > this.titles.length) this.flushTitles()
    if (len + 2 > this.titles.length) {
      const title = new Uint8Array(len + 2)
      title[0] = len & 0xff
      title[1] = len >>> 8
      title.set(src.subarray(start, start + len), 2)
      this.titleBlocks.push(this.file.append(title), title.length)
    } else {
      this.titles[this.titlesAt] = len & 0xff
      this.titles[this.titlesAt + 1] = len >>> 8
      this.titles.set(src.subarray(start, start + len), this.titlesAt + 2)
      this.titlesAt += len + 2
    }
    return this.songCount++
  }

  flushTitles(): void {
    if (this.titlesAt > 0) this.titleBlocks.push(this.file.append(this.titles.subarray(0, this.titlesAt)), this.titlesAt)
    this.titlesAt = 0
  }

  /** Writes what is buffered (the file is closed by the sink); undefined if the partition got nothing. */
  close(): PartitionFiles | undefined {
    this.flushRecords()
    this.flushTitles()
    this.flushWide()
    if (this.recordBytes === 0 && this.wideBlocks.length === 0) return undefined
    return { file: this.file.path, records: this.recordBlocks, bytes: this.recordBytes, titles: this.titleBlocks, wide: this.wideBlocks }
  }

  /**
   * A row whose plays do not fit a record, kept exactly, by title (rare enough), in the
   * block file too: a file and a 64 KB buffer per partition could come to a thousand of
   * each when every row is wide.
   */
  addWide(src: Uint8Array, start: number, len: number, date: number, sum: number, big: bigint): void {
    const digits = Number.isNaN(sum) ? big.toString() : undefined
    const size = keyBytes(len, digits)
    if (size > WIDE_BUFFER) {
      const row = Buffer.allocUnsafe(size)
      const end = encodeKey(row, 0, src, start, len, date, sum, digits)
      this.flushWide()
      this.wideBlocks.push(this.file.append(row.subarray(0, end)), end)
      return
    }
    if (this.wideAt + size > WIDE_BUFFER) this.flushWide()
    this.wide ??= Buffer.allocUnsafe(WIDE_BUFFER)
    this.wideAt = encodeKey(this.wide, this.wideAt, src, start, len, date, sum, digits)
  }

  private flushWide(): void {
    if (this.wideAt > 0) this.wideBlocks.push(this.file.append(this.wide!.subarray(0, this.wideAt)), this.wideAt)
    this.wideAt = 0
  }
}

const MIN_SLOTS = 1024
const MIN_ARENA = 128 * 1024
/** A title's record in the index's arena: u16 length, u16 partition, u32 number, then its bytes. */
const HEADER = 8

/**
 * Titles → (partition, number in it), for the sink. A slot holds [hash, record offset + 1];
 * the record holds the title and what the sink needs of it side by side, so a row costs two
 * cache lines here. With 50,000 songs, a SongTable and two arrays by id cost about five
 * dependent misses, 260 ns a row, more than all the rest of distributing it (--cpu-prof,
 * bench plays many keys).
 */
class TitleIndex {
  arena = new Uint8Array(MIN_ARENA)
  used = 0
  count = 0
  private slots = new Int32Array(2 * MIN_SLOTS)
  private mask = MIN_SLOTS - 1

  constructor(private readonly budgetBytes: number) {}

  get bytes(): number {
    return this.arena.byteLength + this.slots.byteLength
  }

  /**
   * The record of the first slot on the hash's probe path whose hash matches, or -1: the
   * title's record unless two titles share a hash (`find` then settles it). Reads one slot
   * and decides nothing on the record, so guesses for many rows overlap their cache misses.
   */
  guess(hash: number): number {
    const { slots, mask } = this
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = slots[(i << 1) + 1]! - 1
      if (at < 0 || slots[i << 1] === hash) return at
    }
  }

  /** The title's record offset, or -1 if it is not there. */
  find(src: Uint8Array, start: number, len: number, hash: number): number {
    const { slots, arena, mask } = this
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = slots[(i << 1) + 1]! - 1
      if (at < 0) return -1
      if (slots[i << 1] !== hash || (arena[at]! | (arena[at + 1]! << 8)) !== len) continue
      let o = at + HEADER
      let p = start
      const end = start + len
      while (p < end && arena[o] === src[p]) {
        o++
        p++
      }
      if (p === end) return at
    }
  }

  /** Adds a title (not there); its record offset, or -1 when the budget has no room for it. */
  insert(src: Uint8Array, start: number, len: number, hash: number, partition: number, number: number): number {
    if (this.used + HEADER + len > this.arena.length && !this.growArena(HEADER + len)) return -1
    if (this.count * 2 >= this.mask + 1 && !this.growSlots()) return -1
    const at = this.used
    const arena = this.arena
    arena[at] = len & 0xff
    arena[at + 1] = len >>> 8
    arena[at + 2] = partition & 0xff
    arena[at + 3] = partition >>> 8
    arena[at + 4] = number & 0xff
    arena[at + 5] = (number >>> 8) & 0xff
    arena[at + 6] = (number >>> 16) & 0xff
    arena[at + 7] = number >>> 24
    arena.set(src.subarray(start, start + len), at + HEADER)
    this.used += HEADER + len
    this.count++
    placeSlot(this.slots, this.mask, hash, at + 1)
    return at
  }

  private growSlots(): boolean {
    const capacity = 2 * (this.mask + 1)
    if (this.bytes + capacity * 8 > this.budgetBytes) return false
    this.slots = rehashSlots(this.slots, capacity)
    this.mask = capacity - 1
    return true
  }

  private growArena(len: number): boolean {
    const arena = grownArena(this.arena, this.used, len, (size) => this.bytes + size <= this.budgetBytes)
    if (arena) this.arena = arena
    return arena !== undefined
  }
}

/** Rows a sink holds before distributing them: enough for the lookups' misses to overlap. */
const BATCH = 256

/**
 * Where rows go once a thread's keys outgrow its table: each row is appended, as a 12-byte
 * record, to its song's partition; a song's title is written once per partition, its
 * records carry a number. Only the titles stay in memory; when even they outgrow the
 * budget, numbering starts over (the merge knows a title by its bytes, not its number).
 */
export class PartitionSink implements RowTarget {
  private titles: TitleIndex
  private readonly file: BlockFile
  private readonly partitions: Partition[]
  /** Rows waiting, all from `batchSrc`: title start, length and hash, date, plays. */
  private batchSrc: Uint8Array | undefined
  private batched = 0
  private readonly batchStart = new Int32Array(BATCH)
  private readonly batchLen = new Int32Array(BATCH)
  private readonly batchHash = new Int32Array(BATCH)
  private readonly batchDate = new Int32Array(BATCH)
  private readonly batchPlays = new Float64Array(BATCH)
  private readonly batchRecord = new Int32Array(BATCH)
  /** Where the read-ahead's values go, so that the compiler keeps the loads. */
  private touched = 0

  constructor(
    dir: string,
    name: string,
    private readonly splitters: Uint8Array[],
    private readonly budgetBytes: number,
  ) {
    const parts = splitters.length + 1
    const records = Math.floor(Math.min(MAX_BUFFER, Math.max(MIN_BUFFER, budgetBytes / 4 / parts)) / RECORD_BYTES)
    const bufferBytes = records * RECORD_BYTES
    this.file = new BlockFile(path.join(dir, `${name}.blocks`))
    this.partitions = Array.from({ length: parts }, () => new Partition(this.file, bufferBytes))
    // Half the budget for the titles; the rest holds the buffers.
    this.titles = new TitleIndex(budgetBytes / 2)
  }

  /** Takes a row; `src` must hold it until the next `flush` (the parser calls it before reusing its buffer). */
  add(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: number): boolean {
    if (src !== this.batchSrc) {
      this.flush()
      this.batchSrc = src
    }
    const n = this.batched++
    this.batchStart[n] = start
    this.batchLen[n] = len
    this.batchHash[n] = hash
    this.batchDate[n] = date
    this.batchPlays[n] = plays
    if (this.batched === BATCH) this.flush()
    return true
  }

  addBig(src: Uint8Array, start: number, len: number, _hash: number, date: number, plays: bigint): boolean {
    this.partitions[partitionOf(src, start, len, this.splitters)]!.addWide(src, start, len, date, Number.NaN, plays)
    return true
  }

  /**
   * Distributes the rows held: first every row's slot, then each row's record checked
   * against its title and appended. The first pass's loads are independent of one another,
   * and the second's nearly so, so the CPU overlaps their cache misses; one row at a time,
   * they came one after the other (about 150 ns a row with 50,000 songs).
   */
  flush(): void {
    const n = this.batched
    if (n === 0) return
    this.batched = 0
    const src = this.batchSrc!
    const { batchStart, batchLen, batchHash, batchRecord, batchDate, batchPlays, partitions } = this
    const index = this.titles
    for (let i = 0; i < n; i++) batchRecord[i] = index.guess(batchHash[i]!)
    // Then every guessed record's first line, so that the checks below find them in cache.
    let touched = 0
    for (let i = 0; i < n; i++) touched += index.arena[batchRecord[i]! + 1] ?? 0
    this.touched = touched
    for (let i = 0; i < n; i++) {
      const start = batchStart[i]!
      const len = batchLen[i]!
      const plays = batchPlays[i]!
      if (plays > MAX_RECORD_PLAYS) {
        this.partitions[partitionOf(src, start, len, this.splitters)]!.addWide(src, start, len, batchDate[i]!, plays, 0n)
        continue
      }
      let at = batchRecord[i]!
      let arena = this.titles.arena
      let same = at >= 0 && this.titles === index && (arena[at]! | (arena[at + 1]! << 8)) === len
      for (let k = 0; same && k < len; k++) same = arena[at + HEADER + k] === src[start + k]
      if (!same) {
        at = this.recordOf(src, start, len, batchHash[i]!)
        arena = this.titles.arena
      }
      const part = partitions[arena[at + 2]! | (arena[at + 3]! << 8)]!
      const k = 3 * part.count++
      part.u32[k] = arena[at + 4]! | (arena[at + 5]! << 8) | (arena[at + 6]! << 16) | (arena[at + 7]! << 24)
      part.u32[k + 1] = batchDate[i]!
      part.u32[k + 2] = plays
      if (k + 3 >= part.u32.length) part.flushRecords()
    }
  }

  /** Writes what is buffered and closes the files; returns each partition's files. */
  close(): Array<PartitionFiles | undefined> {
    this.flush()
    try {
      return this.partitions.map((p) => p.close())
    } finally {
      this.file.close()
    }
  }

  /** The title's record in the index, added (numbered in its partition) if new. */
  private recordOf(src: Uint8Array, start: number, len: number, hash: number): number {
    const at = this.titles.find(src, start, len, hash)
    if (at >= 0) return at
    const p = partitionOf(src, start, len, this.splitters)
    const partition = this.partitions[p]!
    const inserted = this.titles.insert(src, start, len, hash, p, partition.songCount)
    if (inserted >= 0) {
      partition.addTitle(src, start, len)
      return inserted
    }
    // The titles fill their budget: number them afresh (the merge knows a title by its bytes).
    this.titles = new TitleIndex(this.budgetBytes / 2)
    return this.recordOf(src, start, len, hash)
  }
}
