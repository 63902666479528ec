import type { KeyTable } from './key-table.ts'
import { DATE_SPAN } from './pair-table.ts'
import type { SongTable } from './song-table.ts'

const SMALL = 12

/** A table's pairs in output order: per song (by rank), its dates ascending. */
export interface SortedKeys {
  /** Song ids by title. */
  songs: Int32Array
  /** Pairs of `songs[r]` are at [ends[r - 1], ends[r]). */
  ends: Int32Array
  dates: Int32Array
  sums: Float64Array
}

/**
 * The sort's arrays, kept from one spill to the next in this thread and grown only when a
 * table holds more than before. A fresh set per spill (tens of MB with many keys) left it
 * all to the GC and the allocator, which did not give it back in time: the process's peak
 * RSS grew by about 40 MB over the 40 spills of `npm run bench -- plays` (many keys).
 */
const scratch = { int32: [] as Int32Array[], float64: [] as Float64Array[] }

function int32s(slot: number, n: number): Int32Array {
  let array = scratch.int32[slot]
  if (!array || array.length < n) array = scratch.int32[slot] = new Int32Array(n)
  return array.subarray(0, n)
}

function float64s(slot: number, n: number): Float64Array {
  let array = scratch.float64[slot]
  if (!array || array.length < n) array = scratch.float64[slot] = new Float64Array(n)
  return array.subarray(0, n)
}

/**
 * Sorts a table for output: the titles by a multikey quicksort (Bentley & Sedgewick,
 * byte by byte, no comparator calls; UTF-8 byte order is code point order), then the
 * pairs by a counting sort on the song's rank, then each song's dates. The arrays it
 * returns are this thread's scratch: valid until its next call.
 */
export function sortKeys(table: KeyTable): SortedKeys {
  const { songs: songTable, pairs } = table
  const songCount = songTable.count
  const songs = int32s(0, songCount)
  for (let i = 0; i < songCount; i++) songs[i] = i
  sortSongs(songTable, songs, 0, songCount, 0)
  const rank = int32s(1, songCount)
  for (let r = 0; r < songCount; r++) rank[songs[r]!] = r

  const ends = int32s(2, songCount).fill(0)
  const slots = pairs.slots
  for (let s = 0; s < slots.length; s += 2) {
    const key = slots[s]!
    if (key !== 0) ends[rank[Math.floor((key - 1) / DATE_SPAN)]!]!++
  }
  let at = 0
  let widest = 0
  for (let r = 0; r < songCount; r++) {
    const n = ends[r]!
    if (n > widest) widest = n
    ends[r] = at
    at += n
  }
  const dates = int32s(3, pairs.count)
  const sums = float64s(0, pairs.count)
  for (let s = 0; s < slots.length; s += 2) {
    const key = slots[s]!
    if (key === 0) continue
    const song = Math.floor((key - 1) / DATE_SPAN)
    const r = rank[song]!
    const i = ends[r]!++
    dates[i] = key - 1 - song * DATE_SPAN
    sums[i] = slots[s + 1]!
  }
  const packed = float64s(1, widest)
  const sumsCopy = float64s(2, widest)
  let from = 0
  for (let r = 0; r < songCount; r++) {
    sortDates(dates, sums, from, ends[r]!, packed, sumsCopy)
    from = ends[r]!
  }
  return { songs, ends, dates, sums }
}

function sortDates(dates: Int32Array, sums: Float64Array, lo: number, hi: number, packed: Float64Array, sumsCopy: Float64Array): void {
  const n = hi - lo
  if (n <= SMALL) {
    for (let i = lo + 1; i < hi; i++) {
      const d = dates[i]!
      const s = sums[i]!
      let j = i
      while (j > lo && dates[j - 1]! > d) {
        dates[j] = dates[j - 1]!
        sums[j] = sums[j - 1]!
        j--
      }
      dates[j] = d
      sums[j] = s
    }
    return
  }
  // Date and position packed in one number: a native numeric sort carries the position along.
  const keys = packed.subarray(0, n)
  for (let i = 0; i < n; i++) keys[i] = dates[lo + i]! * DATE_SPAN + i
  keys.sort()
  sumsCopy.set(sums.subarray(lo, hi))
  for (let i = 0; i < n; i++) {
    const k = keys[i]!
    const d = Math.floor(k / DATE_SPAN)
    dates[lo + i] = d
    sums[lo + i] = sumsCopy[k - d * DATE_SPAN]!
  }
}

function sortSongs(table: SongTable, order: Int32Array, lo: number, hi: number, depth: number): void {
  while (hi - lo > SMALL) {
    const a = table.byteAt(order[lo]!, depth)
    const b = table.byteAt(order[(lo + hi) >>> 1]!, depth)
    const c = table.byteAt(order[hi - 1]!, depth)
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b
    // Three-way partition: [lo, lt) below, [lt, gt) equal, [gt, hi) above.
    let lt = lo
    let gt = hi
    let i = lo
    while (i < gt) {
      const e = order[i]!
      const v = table.byteAt(e, depth)
      if (v < pivot) {
        order[i] = order[lt]!
        order[lt++] = e
        i++
      } else if (v > pivot) {
        order[i] = order[--gt]!
        order[gt] = e
      } else i++
    }
    sortSongs(table, order, lo, lt, depth)
    sortSongs(table, order, gt, hi, depth)
    // Titles are distinct: past the end of one (pivot -1) at most one remains.
    if (pivot === -1) return
    lo = lt
    hi = gt
    depth++
  }
  for (let i = lo + 1; i < hi; i++) {
    const e = order[i]!
    let j = i
    while (j > lo && compareFrom(table, order[j - 1]!, e, depth) > 0) {
      order[j] = order[j - 1]!
      j--
    }
    order[j] = e
  }
}

function compareFrom(table: SongTable, x: number, y: number, depth: number): number {
  for (let d = depth; ; d++) {
    const a = table.byteAt(x, d)
    const b = table.byteAt(y, d)
    if (a !== b || a === -1) return a - b
  }
}
