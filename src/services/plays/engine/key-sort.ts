import type { KeyTable } from './key-table.ts'

const SMALL = 12

/**
 * The table's entries in output order: song bytes (UTF-8 byte order is Unicode code point
 * order), then date. A multikey quicksort (Bentley & Sedgewick): it partitions on one byte
 * at a time, so it reads each distinguishing byte about log n times and calls no comparator.
 */
export function sortedEntries(table: KeyTable): Int32Array {
  const order = new Int32Array(table.count)
  for (let i = 0; i < order.length; i++) order[i] = i
  new Sorter(table, order).sort(0, order.length, 0)
  return order
}

class Sorter {
  private readonly arena: Uint8Array
  private readonly offsets: Int32Array
  private readonly lengths: Int32Array
  private readonly dates: Int32Array

  constructor(
    table: KeyTable,
    private readonly order: Int32Array,
  ) {
    this.arena = table.arena
    this.offsets = table.offsets
    this.lengths = table.lengths
    this.dates = table.dates
  }

  /** Byte `d` of entry `e`'s song, or -1 past its end. */
  private byteAt(e: number, d: number): number {
    return d < this.lengths[e]! ? this.arena[this.offsets[e]! + d]! : -1
  }

  sort(lo: number, hi: number, depth: number): void {
    const order = this.order
    while (hi - lo > SMALL) {
      const a = this.byteAt(order[lo]!, depth)
      const b = this.byteAt(order[(lo + hi) >>> 1]!, depth)
      const c = this.byteAt(order[hi - 1]!, depth)
      const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b
      // Three-way partition: [lo, lt) below, [lt, gt) equal, [gt, hi) above.
      let lt = lo
      let gt = hi
      let i = lo
      while (i < gt) {
        const e = order[i]!
        const v = this.byteAt(e, depth)
        if (v < pivot) {
          order[i] = order[lt]!
          order[lt++] = e
          i++
        } else if (v > pivot) {
          order[i] = order[--gt]!
          order[gt] = e
        } else i++
      }
      this.sort(lo, lt, depth)
      this.sort(gt, hi, depth)
      if (pivot === -1) {
        this.byDate(lt, gt)
        return
      }
      lo = lt
      hi = gt
      depth++
    }
    this.insertion(lo, hi, depth)
  }

  /** Entries whose songs are equal: by date. */
  private byDate(lo: number, hi: number): void {
    if (hi - lo <= SMALL) return this.insertion(lo, hi, Infinity)
    const dates = this.dates
    const part = Array.from(this.order.subarray(lo, hi)).sort((x, y) => dates[x]! - dates[y]!)
    this.order.set(part, lo)
  }

  private insertion(lo: number, hi: number, depth: number): void {
    const order = this.order
    for (let i = lo + 1; i < hi; i++) {
      const e = order[i]!
      let j = i
      while (j > lo && this.compare(order[j - 1]!, e, depth) > 0) {
        order[j] = order[j - 1]!
        j--
      }
      order[j] = e
    }
  }

  /** Compares two entries whose songs are known equal before byte `depth`. */
  private compare(x: number, y: number, depth: number): number {
    const lx = this.lengths[x]!
    const ly = this.lengths[y]!
    if (depth !== Infinity) {
      const ox = this.offsets[x]!
      const oy = this.offsets[y]!
      const n = lx < ly ? lx : ly
      for (let d = depth; d < n; d++) {
        const diff = this.arena[ox + d]! - this.arena[oy + d]!
        if (diff !== 0) return diff
      }
      if (lx !== ly) return lx - ly
    }
    return this.dates[x]! - this.dates[y]!
  }
}
