import type { FileHandle } from 'node:fs/promises'

/** Below this, one thread reads the whole file: a second would cost more than it saves. */
export const MIN_RANGE_BYTES = 8 * 1024 * 1024

/**
 * Cuts the file into `parts` byte ranges, each after a line feed. A line feed may sit
 * inside a quoted field; the thread reading the range before notices (its last record does
 * not end at the cut) and the whole file is then read by one thread.
 */
export async function splitRanges(file: FileHandle, size: number, parts: number): Promise<Array<[number, number]>> {
  const n = Math.max(1, Math.min(parts, Math.floor(size / MIN_RANGE_BYTES)))
  const cuts = [0]
  const probe = Buffer.allocUnsafe(64 * 1024)
  for (let i = 1; i < n; i++) {
    let at = Math.max(Math.floor((size * i) / n), cuts[cuts.length - 1]!)
    for (;;) {
      const { bytesRead } = await file.read(probe, 0, probe.length, at)
      if (bytesRead === 0) {
        at = size
        break
      }
      const lf = probe.subarray(0, bytesRead).indexOf(10)
      if (lf !== -1) {
        at += lf + 1
        break
      }
      at += bytesRead
    }
    if (at >= size) break
    if (at > cuts[cuts.length - 1]!) cuts.push(at)
  }
  return cuts.map((start, i) => [start, cuts[i + 1] ?? size])
}
