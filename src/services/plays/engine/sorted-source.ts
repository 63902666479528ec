import { sortedEntries } from './key-sort.ts'
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
  private readonly order: Int32Array
  private i = 0

  constructor(private readonly table: KeyTable) {
    this.buf = table.arena
    this.order = sortedEntries(table)
  }

  next(): boolean {
    if (this.i === this.order.length) return false
    const e = this.order[this.i++]!
    const t = this.table
    this.songStart = t.offsets[e]!
    this.songLen = t.lengths[e]!
    this.date = t.dates[e]!
    this.sum = t.sums[e]!
    if (Number.isNaN(this.sum)) this.big = t.big.get(e)!
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
