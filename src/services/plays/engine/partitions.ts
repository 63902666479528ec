import type { FileHandle } from 'node:fs/promises'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { readRecord } from './csv-record.ts'

/*
 * When the keys outgrow memory, rows are distributed by song title into partitions: key
 * ranges cut at sampled titles, so that each partition's keys fit in memory and the
 * partitions, aggregated one by one, come out already in order (a distribution sort, one
 * pass over the data each way, in place of sorted runs and a k-way merge that compares
 * titles byte by byte at every step).
 */

const SAMPLES = 64
const WINDOW = 32 * 1024
/**
 * Rows per partition aimed at: a partition's table then stays near the caches' reach
 * (about 2 MB of slots). On the 1 GB many-keys input of `npm run bench -- plays`, the
 * merging phase took 2.6–2.8 s at 128 Ki rows a partition against 3.2–3.7 s at 256 Ki;
 * 64 Ki gained nothing more (phase times of single runs, which vary by ±15% here).
 */
const ROWS_PER_PARTITION = 128 * 1024
export const MAX_PARTITIONS = 512
/**
 * Bytes a key may take in a partition's table: its slot and its sort (31 bytes a slot, at
 * most 3 keys in 4 slots), and the slots' doubling, which can leave up to half the budget
 * unused; a little more for its song's share.
 */
const KEY_BYTES = 96

export interface Sample {
  /** Song titles of the sampled rows, sorted by bytes. */
  songs: Uint8Array[]
  /** Mean bytes per row in the sample. */
  rowBytes: number
}

/**
 * Titles of rows read in windows spread over the file (a line misread inside a quoted
 * field only skews the sample). Each window's titles are sorted as it is read and the
 * sorted windows merged in pairs, the event loop turning in between: one sort of all
 * 64,000 titles held it 110–150 ms at the start of a 1 GB task (the bench's health max).
 * (Sampling in an engine thread instead cost that thread's heap 25–30 MB of peak RSS.)
 */
export async function sampleSongs(file: FileHandle, size: number): Promise<Sample> {
  const windows: Uint8Array[][] = []
  const buf = Buffer.allocUnsafe(WINDOW)
  let bytes = 0
  let count = 0
  for (let i = 0; i < SAMPLES; i++) {
    const { bytesRead } = await file.read(buf, 0, WINDOW, Math.floor((size * i) / SAMPLES))
    const songs: Uint8Array[] = []
    let pos = buf.subarray(0, bytesRead).indexOf(10) + 1
    while (pos > 0 && pos < bytesRead) {
      const record = readRecord(buf, pos, bytesRead, false)
      if (!record) break
      if (record.fields.length === 3 && record.fields[0]!.length > 0) {
        songs.push(Buffer.from(record.fields[0]!))
        bytes += record.end - pos
      }
      pos = record.end
    }
    windows.push(songs.sort((a, b) => Buffer.compare(a, b)))
    count += songs.length
  }
  return { songs: await mergeSorted(windows), rowBytes: count > 0 ? bytes / count : 32 }
}

/** Merges sorted lists of titles into one, in rounds of pairs, letting the event loop turn after each pair. */
async function mergeSorted(lists: Uint8Array[][]): Promise<Uint8Array[]> {
  while (lists.length > 1) {
    const next: Uint8Array[][] = []
    for (let k = 0; k < lists.length; k += 2) {
      const a = lists[k]!
      const b = lists[k + 1]
      if (!b) {
        next.push(a)
        continue
      }
      const merged: Uint8Array[] = []
      let i = 0
      let j = 0
      while (i < a.length && j < b.length) merged.push(Buffer.compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!)
      while (i < a.length) merged.push(a[i++]!)
      while (j < b.length) merged.push(b[j++]!)
      next.push(merged)
      await yieldToLoop()
    }
    lists = next
  }
  return lists[0] ?? []
}

/**
 * How many partitions the file's rows need, should its keys outgrow memory: enough that
 * each partition's rows (an upper bound on its keys) fit the merging thread's table.
 */
export function partitionCount(size: number, rowBytes: number, tableBudget: number, limit = MAX_PARTITIONS): number {
  const rows = size / Math.max(rowBytes, 8)
  const perPartition = Math.max(1024, Math.min(ROWS_PER_PARTITION, Math.floor(tableBudget / KEY_BYTES)))
  return Math.max(1, Math.min(limit, Math.ceil(rows / perPartition)))
}

/** Titles that cut the sample into `parts` ranges of about as many rows each (fewer when titles repeat). */
export function splittersFor(sample: Sample, parts: number): Uint8Array[] {
  const { songs } = sample
  const splitters: Uint8Array[] = []
  for (let i = 1; i < parts && songs.length > 0; i++) {
    const at = songs[Math.floor((i * songs.length) / parts)]!
    if (splitters.length === 0 || Buffer.compare(splitters[splitters.length - 1]!, at) < 0) splitters.push(at)
  }
  return splitters
}

function compareBytes(a: Uint8Array, aStart: number, aLen: number, b: Uint8Array): number {
  const n = aLen < b.length ? aLen : b.length
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[i]!
    if (d !== 0) return d
  }
  return aLen - b.length
}

/** The partition of a title: the number of splitters at or below it (binary search). */
export function partitionOf(src: Uint8Array, start: number, len: number, splitters: Uint8Array[]): number {
  let lo = 0
  let hi = splitters.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareBytes(src, start, len, splitters[mid]!) >= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** One engine thread's share of one partition. */
export interface PartitionFiles {
  /** The thread's file of blocks. */
  file: string
  /** Its blocks of 12-byte records (u32 song: the thread's number for it in this partition; u32 date; u32 plays): offset, length, offset, length… */
  records: number[]
  /** The records' bytes in all. */
  bytes: number
  /** Its blocks of the titles of those song numbers, in order (u16 length, bytes). */
  titles: number[]
  /** Its blocks of rows whose plays are 2^32 or more, as run keys (title, date, total: see run-file.ts). */
  wide: number[]
}
