/*
 * The open addressing the title tables share (SongTable, the partition sink's TitleIndex):
 * slots are [hash, value] pairs of an Int32Array, value 0 marking an empty slot, probed
 * linearly from `hash & mask`; titles live back to back in a byte arena.
 */

/** Puts [hash, value] (value ≠ 0) in the first empty slot of the hash's probe path. */
export function placeSlot(slots: Int32Array, mask: number, hash: number, value: number): void {
  let i = hash & mask
  while (slots[(i << 1) + 1] !== 0) i = (i + 1) & mask
  slots[i << 1] = hash
  slots[(i << 1) + 1] = value
}

/** Slots for `capacity` entries (a power of two) holding every entry of `old`. */
export function rehashSlots(old: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(2 * capacity)
  for (let s = 0; s < old.length; s += 2) if (old[s + 1] !== 0) placeSlot(slots, capacity - 1, old[s]!, old[s + 1]!)
  return slots
}

/** The arena, doubled until `used + len` bytes fit, its bytes copied; undefined if `canAllocate` refuses the new size. */
export function grownArena(arena: Uint8Array, used: number, len: number, canAllocate: (bytes: number) => boolean): Uint8Array<ArrayBuffer> | undefined {
  let size = arena.length * 2
  while (size < used + len) size *= 2
  if (!canAllocate(size)) return undefined
  const grown = new Uint8Array(size)
  grown.set(arena.subarray(0, used))
  return grown
}
