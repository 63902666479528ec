import { closeSync, openSync, writeSync } from 'node:fs'
import path from 'node:path'
import { partitionOf, type PartitionFiles } from './partitions.ts'
import type { RowTarget } from './row-parser.ts'
import { RunWriter } from './run-file.ts'
import { SongTable } from './song-table.ts'

export const RECORD_BYTES = 16
const MIN_BUFFER = 4 * 1024
const MAX_BUFFER = 64 * 1024

/** Bytes appended to a file through a buffer; the file is created on the first flush. */
class AppendFile {
  private fd = -1
  written = 0

  constructor(readonly path: string) {}

  write(bytes: Uint8Array): void {
    if (this.fd < 0) this.fd = openSync(this.path, 'w')
    let done = 0
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done)
    this.written += bytes.length
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }
}

/** One partition's output in a thread: its records, its song titles, its big totals. */
class Partition {
  readonly records: AppendFile
  readonly songs: AppendFile
  bigs: RunWriter | undefined
  /** Records buffered: [song, date] as u32 pairs, plays as f64, 16 bytes each. */
  readonly u32: Uint32Array
  readonly f64: Float64Array
  count = 0
  readonly titles: Uint8Array
  titlesAt = 0
  /** Songs numbered in this partition so far. */
  songCount = 0

  constructor(
    readonly base: string,
    bufferBytes: number,
  ) {
    this.records = new AppendFile(`${base}.rec`)
    this.songs = new AppendFile(`${base}.songs`)
    const buffer = new ArrayBuffer(bufferBytes)
    this.u32 = new Uint32Array(buffer)
    this.f64 = new Float64Array(buffer)
    this.titles = new Uint8Array(Math.max(bufferBytes, 65_535 + 2))
  }

  flushRecords(): void {
    if (this.count > 0) this.records.write(new Uint8Array(this.u32.buffer, 0, this.count * RECORD_BYTES))
    this.count = 0
  }

  addTitle(src: Uint8Array, start: number, len: number): number {
    if (this.titlesAt + len + 2 > this.titles.length) this.flushTitles()
    this.titles[this.titlesAt] = len & 0xff
    this.titles[this.titlesAt + 1] = len >>> 8
    this.titles.set(src.subarray(start, start + len), this.titlesAt + 2)
    this.titlesAt += len + 2
    return this.songCount++
  }

  flushTitles(): void {
    if (this.titlesAt > 0) this.songs.write(this.titles.subarray(0, this.titlesAt))
    this.titlesAt = 0
  }

  close(): PartitionFiles | undefined {
    this.flushRecords()
    this.flushTitles()
    this.records.close()
    this.songs.close()
    this.bigs?.close()
    if (this.records.written === 0 && !this.bigs) return undefined
    return { records: this.records.path, bytes: this.records.written, songs: this.songs.path, bigs: this.bigs?.path }
  }
}

/**
 * Where rows go once a thread's keys outgrow its table: each row is appended, as a 16-byte
 * record, to its song's partition; a song's title is written once per partition, its
 * records carry a number. Only the titles stay in memory; when even they outgrow the
 * budget, numbering starts over (the merge knows a title by its bytes, not its number).
 */
export class PartitionSink implements RowTarget {
  private songs: SongTable
  /** Per song id of `songs`: its partition and its number there. */
  private partOf = new Int32Array(1024)
  private numberOf = new Int32Array(1024)
  private known = 0
  private readonly partitions: Partition[]

  constructor(
    dir: string,
    name: string,
    private readonly splitters: Uint8Array[],
    private readonly budgetBytes: number,
  ) {
    const parts = splitters.length + 1
    const bufferBytes = Math.min(MAX_BUFFER, Math.max(MIN_BUFFER, Math.floor(budgetBytes / 4 / parts / RECORD_BYTES) * RECORD_BYTES))
    this.partitions = Array.from({ length: parts }, (_, p) => new Partition(path.join(dir, `${name}.p${p}`), bufferBytes))
    this.songs = this.newSongTable()
  }

  add(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: number): boolean {
    const id = this.songId(src, start, len, hash)
    const part = this.partitions[this.partOf[id]!]!
    const k = part.count++
    part.u32[k << 2] = this.numberOf[id]!
    part.u32[(k << 2) + 1] = date
    part.f64[(k << 1) + 1] = plays
    if (part.count << 1 === part.f64.length) part.flushRecords()
    return true
  }

  addBig(src: Uint8Array, start: number, len: number, _hash: number, date: number, plays: bigint): boolean {
    const part = this.partitions[partitionOf(src, start, len, this.splitters)]!
    part.bigs ??= new RunWriter(`${part.base}.big`, 65_535 + 64)
    part.bigs.write(src, start, len, date, Number.NaN, plays)
    return true
  }

  /** Writes what is buffered and closes the files; returns each partition's files. */
  close(): Array<PartitionFiles | undefined> {
    return this.partitions.map((p) => p.close())
  }

  private songId(src: Uint8Array, start: number, len: number, hash: number): number {
    let id = this.songs.id(src, start, len, hash)
    if (id < 0) {
      // The titles fill the budget: number them afresh.
      this.songs = this.newSongTable()
      this.known = 0
      id = this.songs.id(src, start, len, hash)
    }
    if (id === this.known) {
      if (id === this.partOf.length) {
        this.partOf = grown(this.partOf)
        this.numberOf = grown(this.numberOf)
      }
      const p = partitionOf(src, start, len, this.splitters)
      this.partOf[id] = p
      this.numberOf[id] = this.partitions[p]!.addTitle(src, start, len)
      this.known++
    }
    return id
  }

  private newSongTable(): SongTable {
    // Half the budget for the titles; the rest holds the buffers and the per-song arrays.
    const songs: SongTable = new SongTable((bytes) => songs.bytes + 8 * this.partOf.length + bytes <= this.budgetBytes / 2)
    return songs
  }
}

function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2)
  next.set(array)
  return next
}
