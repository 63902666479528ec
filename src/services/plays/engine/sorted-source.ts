import { sortKeys, type SortedKeys } from './key-sort.ts'
import type { KeyTable } from './key-table.ts'

/**
 * A stream of (song, date, total) in output order, read one key at a time. The fields
 * describe the current key and are valid until the next `next()` call.
 */
export interface SortedSource {
  next(): boolean
  buf: Uint8Array
  songStart: number
  songLen: number
  date: number
  /** The total, or NaN when it is in `big`. */
  sum: number
  big: bigint
}

/** Where sorted keys go: a run file, or the CSV output. */
export interface KeyOutput {
  write(buf: Uint8Array, songStart: number, songLen: number, date: number, sum: number, big: bigint): void
}

/** A table's keys in output order. */
export class TableSource implements SortedSource {
  buf: Uint8Array
  songStart = 0
  songLen = 0
  date = 0
  sum = 0
  big = 0n
  private readonly sorted: SortedKeys
  private rank = -1
  private song = 0
  private i = 0

  constructor(private readonly table: KeyTable) {
    this.buf = table.songs.arena
    this.sorted = sortKeys(table)
  }

  next(): boolean {
    const { songs, ends, dates, sums } = this.sorted
    if (this.i === dates.length) return false
    while (this.rank < 0 || this.i === ends[this.rank]) {
      this.song = songs[++this.rank]!
      this.songStart = this.table.songs.entries[this.song << 1]!
      this.songLen = this.table.songs.entries[(this.song << 1) + 1]!
    }
    this.date = dates[this.i]!
    this.sum = sums[this.i++]!
    if (Number.isNaN(this.sum)) this.big = this.table.bigTotal(this.song, this.date)
    return true
  }
}

/** Writes a table's keys to `out` in order; returns how many. */
export function writeTable(table: KeyTable, out: KeyOutput): number {
  const source = new TableSource(table)
  let n = 0
  while (source.next()) {
    out.write(source.buf, source.songStart, source.songLen, source.date, source.sum, source.big)
    n++
  }
  return n
}
