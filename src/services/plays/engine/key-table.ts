import type { RowTarget } from './row-parser.ts'

const MAX_SAFE = Number.MAX_SAFE_INTEGER
/** Bytes per entry besides its song: hash, date, offset, length (4 each), sum (8), two slots (8). */
export const ENTRY_BYTES = 32
const MIN_ENTRIES = 1024
const MIN_ARENA = 128 * 1024

function mix(hash: number, date: number): number {
  const h = Math.imul(hash ^ date, 0x9e3779b1)
  return h ^ (h >>> 15)
}

/**
 * The (song, date) → total hash table: open addressing with linear probing over typed
 * arrays, songs' bytes copied into one arena. No object per key, so millions of keys cost
 * their bytes and nothing for the garbage collector. It grows by doubling while its budget
 * allows; past that, `add` returns false and the caller spills it to a sorted run.
 * A total that would pass 2^53 moves to an exact BigInt (its sum becomes NaN as a marker).
 */
export class KeyTable implements RowTarget {
  count = 0
  hashes!: Int32Array
  dates!: Int32Array
  offsets!: Int32Array
  lengths!: Int32Array
  sums!: Float64Array
  arena: Uint8Array
  arenaUsed = 0
  readonly big = new Map<number, bigint>()
  private slots!: Int32Array
  private mask = 0

  constructor(readonly budgetBytes: number) {
    this.allocateEntries(MIN_ENTRIES)
    this.arena = new Uint8Array(MIN_ARENA)
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.slots.byteLength + this.hashes.length * (ENTRY_BYTES - 8) + this.arena.length
  }

  add(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: number): boolean {
    const h = mix(hash, date)
    const { slots, hashes, dates, lengths, offsets, arena, mask } = this
    let i = h & mask
    for (;;) {
      const slot = slots[i]!
      if (slot === 0) break
      const e = slot - 1
      if (hashes[e] === h && dates[e] === date && lengths[e] === len) {
        let o = offsets[e]!
        let p = start
        const end = start + len
        while (p < end && arena[o] === src[p]) {
          o++
          p++
        }
        if (p === end) {
          const sum = this.sums[e]! + plays
          if (sum <= MAX_SAFE) this.sums[e] = sum
          else this.addToBig(e, BigInt(plays))
          return true
        }
      }
      i = (i + 1) & mask
    }
    const e = this.insert(src, start, len, h, date)
    if (e < 0) return false
    this.sums[e] = plays
    return true
  }

  addBig(src: Uint8Array, start: number, len: number, hash: number, date: number, plays: bigint): boolean {
    if (!this.add(src, start, len, hash, date, 0)) return false
    const h = mix(hash, date)
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const e = this.slots[i]! - 1
      if (this.hashes[e] === h && this.dates[e] === date && this.sameSong(e, src, start, len)) {
        this.addToBig(e, plays)
        return true
      }
    }
  }

  /** Total of entry `e`: a Number, or a BigInt once past 2^53. */
  total(e: number): number | bigint {
    const sum = this.sums[e]!
    return Number.isNaN(sum) ? this.big.get(e)! : sum
  }

  /** Empties the table, keeping its memory for the next run. */
  reset(): void {
    this.slots.fill(0)
    this.count = 0
    this.arenaUsed = 0
    this.big.clear()
  }

  private sameSong(e: number, src: Uint8Array, start: number, len: number): boolean {
    if (this.lengths[e] !== len) return false
    const o = this.offsets[e]!
    for (let k = 0; k < len; k++) if (this.arena[o + k] !== src[start + k]) return false
    return true
  }

  private addToBig(e: number, plays: bigint): void {
    const sum = this.sums[e]!
    this.big.set(e, (Number.isNaN(sum) ? this.big.get(e)! : BigInt(sum)) + plays)
    this.sums[e] = Number.NaN
  }

  /** The new entry's index, or -1 when the budget allows no room for it. */
  private insert(src: Uint8Array, start: number, len: number, h: number, date: number): number {
    if (this.count === this.hashes.length && !this.growEntries()) return -1
    if (this.arenaUsed + len > this.arena.length && !this.growArena(len)) return -1
    const e = this.count++
    this.hashes[e] = h
    this.dates[e] = date
    this.offsets[e] = this.arenaUsed
    this.lengths[e] = len
    this.arena.set(src.subarray(start, start + len), this.arenaUsed)
    this.arenaUsed += len
    let i = h & this.mask
    while (this.slots[i] !== 0) i = (i + 1) & this.mask
    this.slots[i] = e + 1
    return e
  }

  private growEntries(): boolean {
    const entries = this.hashes.length * 2
    // The old arrays live until the copy is done: count both.
    if (this.bytes + entries * ENTRY_BYTES > this.budgetBytes) return false
    this.allocateEntries(entries)
    return true
  }

  private growArena(len: number): boolean {
    let size = this.arena.length * 2
    while (size < this.arenaUsed + len) size *= 2
    if (this.bytes + size > this.budgetBytes) return false
    const arena = new Uint8Array(size)
    arena.set(this.arena.subarray(0, this.arenaUsed))
    this.arena = arena
    return true
  }

  private allocateEntries(entries: number): void {
    const old = this.hashes
    const grow = <T extends Int32Array | Float64Array>(a: T | undefined, make: (n: number) => T): T => {
      const next = make(entries)
      if (a) next.set(a as never)
      return next
    }
    this.hashes = grow(old, (n) => new Int32Array(n))
    this.dates = grow(this.dates, (n) => new Int32Array(n))
    this.offsets = grow(this.offsets, (n) => new Int32Array(n))
    this.lengths = grow(this.lengths, (n) => new Int32Array(n))
    this.sums = grow(this.sums, (n) => new Float64Array(n))
    this.slots = new Int32Array(entries * 2)
    this.mask = entries * 2 - 1
    for (let e = 0; e < this.count; e++) {
      let i = this.hashes[e]! & this.mask
      while (this.slots[i] !== 0) i = (i + 1) & this.mask
      this.slots[i] = e + 1
    }
  }
}
