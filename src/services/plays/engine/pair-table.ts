const MIN_PAIRS = 1024
/** A date (YYYYMMDD) fits in 27 bits; song ids take the bits above, within 2^53. */
export const DATE_SPAN = 2 ** 27
export const MAX_SONG_ID = 2 ** 26
const MAX_SAFE = Number.MAX_SAFE_INTEGER

/**
 * Bytes per slot: the slot (16) and, at 75% load, what sorting its pair for a spill takes
 * (12 per pair, 20 with the date sort's scratch at worst). Growing holds the old slots and
 * the new for a moment (16 + 32 per old slot), which is less than this for the new size.
 */
export const SLOT_BYTES = 31
const MAX_LOAD = 0.75

export function pairHash(song: number, date: number): number {
  const h = Math.imul(song, 0x9e3779b1) ^ Math.imul(date, 0x85ebca77)
  return h ^ (h >>> 15)
}

/**
 * (song id, date) → total. Each slot is [key + 1, total] in one Float64Array, so a row
 * costs one cache line here. A total past 2^53 is kept exactly as a BigInt (NaN marks it).
 */
export class PairTable {
  count = 0
  slots: Float64Array
  readonly big = new Map<number, bigint>()
  private touched = 0
  private mask: number

  constructor(private readonly canAllocate: (bytes: number) => boolean) {
    this.slots = new Float64Array(2 * MIN_PAIRS)
    this.mask = MIN_PAIRS - 1
  }

  /** Bytes it may hold, its spill's sorting included. */
  get bytes(): number {
    return this.capacity * SLOT_BYTES
  }

  get capacity(): number {
    return this.mask + 1
  }

  /**
   * Reads the pair's first slot, doing nothing else: called for a block of pairs before
   * they are added, it lets their cache misses overlap (see partition-merge.ts).
   */
  touch(song: number, date: number): void {
    // Kept in a field, so that the compiler keeps the load.
    this.touched ^= this.slots[(pairHash(song, date) & this.mask) << 1]!
  }

  /** False when the pair is new and there is no room for it. */
  add(song: number, date: number, plays: number): boolean {
    const key = song * DATE_SPAN + date + 1
    const slots = this.slots
    const mask = this.mask
    let i = pairHash(song, date) & mask
    for (;;) {
      const k = slots[i << 1]!
      if (k === key) {
        const sum = slots[(i << 1) + 1]! + plays
        if (sum <= MAX_SAFE) slots[(i << 1) + 1] = sum
        else this.addBig(i, key, BigInt(plays))
        return true
      }
      if (k === 0) break
      i = (i + 1) & mask
    }
    if (this.count >= this.capacity * MAX_LOAD) {
      if (!this.grow()) return false
      return this.add(song, date, plays)
    }
    slots[i << 1] = key
    slots[(i << 1) + 1] = plays
    this.count++
    return true
  }

  addBig(slot: number, key: number, plays: bigint): void {
    const sum = this.slots[(slot << 1) + 1]!
    this.big.set(key, (Number.isNaN(sum) ? this.big.get(key)! : BigInt(sum)) + plays)
    this.slots[(slot << 1) + 1] = Number.NaN
  }

  /** Adds a total past 2^53 to the pair (which `add` created). */
  addExact(song: number, date: number, plays: bigint): boolean {
    if (!this.add(song, date, 0)) return false
    const key = song * DATE_SPAN + date + 1
    let i = pairHash(song, date) & this.mask
    while (this.slots[i << 1] !== key) i = (i + 1) & this.mask
    this.addBig(i, key, plays)
    return true
  }

  reset(): void {
    this.slots.fill(0)
    this.count = 0
    this.big.clear()
  }

  private grow(): boolean {
    const capacity = this.capacity * 2
    if (!this.canAllocate((capacity - this.capacity) * SLOT_BYTES)) return false
    const old = this.slots
    this.slots = new Float64Array(2 * capacity)
    this.mask = capacity - 1
    for (let s = 0; s < old.length; s += 2) {
      const key = old[s]!
      if (key === 0) continue
      const song = Math.floor((key - 1) / DATE_SPAN)
      let i = pairHash(song, key - 1 - song * DATE_SPAN) & this.mask
      while (this.slots[i << 1] !== 0) i = (i + 1) & this.mask
      this.slots[i << 1] = key
      this.slots[(i << 1) + 1] = old[s + 1]!
    }
    return true
  }
}
