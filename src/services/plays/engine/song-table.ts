import { grownArena, placeSlot, rehashSlots } from './hash-slots.ts'

const MIN_SONGS = 256
const MIN_ARENA = 128 * 1024
/** Bytes per song besides its title: its slot pair at half load (16) and offset, length (8). */
export const SONG_BYTES = 24

/**
 * Song titles → dense ids, so the (song, date) table holds numbers only. Slots hold
 * [hash, id + 1] side by side: one cache line decides most lookups. Titles live in one arena.
 */
export class SongTable {
  count = 0
  /** [offset, length] per song id. */
  entries: Int32Array
  arena: Uint8Array
  arenaUsed = 0
  private slots: Int32Array
  private mask: number

  constructor(private readonly canAllocate: (bytes: number) => boolean) {
    this.entries = new Int32Array(2 * MIN_SONGS)
    this.slots = new Int32Array(4 * MIN_SONGS)
    this.mask = 2 * MIN_SONGS - 1
    this.arena = new Uint8Array(MIN_ARENA)
  }

  get bytes(): number {
    return this.slots.byteLength + this.entries.byteLength + this.arena.byteLength
  }

  /** The song's id, added if new; -1 when there is no room for it. */
  id(src: Uint8Array, start: number, len: number, hash: number): number {
    const { slots, entries, arena, mask } = this
    let i = hash & mask
    for (;;) {
      const slot = i << 1
      const id = slots[slot + 1]! - 1
      if (id < 0) break
      if (slots[slot] === hash && entries[(id << 1) + 1] === len) {
        let o = entries[id << 1]!
        let p = start
        const end = start + len
        while (p < end && arena[o] === src[p]) {
          o++
          p++
        }
        if (p === end) return id
      }
      i = (i + 1) & mask
    }
    return this.insert(src, start, len, hash)
  }

  /** Byte `d` of song `id`'s title, or -1 past its end. */
  byteAt(id: number, d: number): number {
    return d < this.entries[(id << 1) + 1]! ? this.arena[this.entries[id << 1]! + d]! : -1
  }

  reset(): void {
    this.slots.fill(0)
    this.count = 0
    this.arenaUsed = 0
  }

  private insert(src: Uint8Array, start: number, len: number, hash: number): number {
    if (this.arenaUsed + len > this.arena.length && !this.growArena(len)) return -1
    if (this.count * 2 >= this.entries.length && !this.growEntries()) return -1
    const id = this.count++
    this.entries[id << 1] = this.arenaUsed
    this.entries[(id << 1) + 1] = len
    this.arena.set(src.subarray(start, start + len), this.arenaUsed)
    this.arenaUsed += len
    placeSlot(this.slots, this.mask, hash, id + 1)
    return id
  }

  private growEntries(): boolean {
    const songs = this.entries.length
    if (!this.canAllocate((songs / 2) * (SONG_BYTES + 8))) return false
    const entries = new Int32Array(songs * 4)
    entries.set(this.entries)
    this.entries = entries
    this.slots = rehashSlots(this.slots, songs * 4)
    this.mask = songs * 4 - 1
    return true
  }

  private growArena(len: number): boolean {
    const arena = grownArena(this.arena, this.arenaUsed, len, this.canAllocate)
    if (arena) this.arena = arena
    return arena !== undefined
  }
}
