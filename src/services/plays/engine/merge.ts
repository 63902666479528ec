import { rmSync } from 'node:fs'
import path from 'node:path'
import { CsvWriter } from './csv-output.ts'
import type { KeyTable } from './key-table.ts'
import { openRun, RunWriter } from './run-file.ts'
import { TableSource, type KeyOutput, type SortedSource } from './sorted-source.ts'

const MAX_SAFE = Number.MAX_SAFE_INTEGER
const MIN_READER = 64 * 1024
const MAX_READER = 1024 * 1024

function compareKeys(a: SortedSource, b: SortedSource): number {
  const n = a.songLen < b.songLen ? a.songLen : b.songLen
  const ab = a.buf
  const bb = b.buf
  const as = a.songStart
  const bs = b.songStart
  for (let i = 0; i < n; i++) {
    const d = ab[as + i]! - bb[bs + i]!
    if (d !== 0) return d
  }
  return a.songLen - b.songLen || a.date - b.date
}

/**
 * k-way merge of sorted sources through a binary heap; equal keys (the same song and
 * date from several runs) are summed, exactly. Returns the number of keys written.
 */
export function mergeSources(sources: SortedSource[], out: KeyOutput): number {
  const heap = sources.filter((s) => s.next())
  const siftDown = (i: number): void => {
    const n = heap.length
    const item = heap[i]!
    for (;;) {
      let child = 2 * i + 1
      if (child >= n) break
      if (child + 1 < n && compareKeys(heap[child + 1]!, heap[child]!) < 0) child++
      if (compareKeys(heap[child]!, item) >= 0) break
      heap[i] = heap[child]!
      i = child
    }
    heap[i] = item
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i)

  const key = new Uint8Array(65_535)
  let keyLen = -1
  let keyDate = 0
  let sum = 0
  let big = 0n
  let written = 0
  while (heap.length > 0) {
    const top = heap[0]!
    let same = keyLen === top.songLen && keyDate === top.date
    if (same) {
      const b = top.buf
      const s = top.songStart
      for (let i = 0; i < keyLen; i++) {
        if (key[i] !== b[s + i]) {
          same = false
          break
        }
      }
    }
    if (same) {
      const next = sum + top.sum
      if (next <= MAX_SAFE) sum = next
      else {
        big = (Number.isNaN(sum) ? big : BigInt(sum)) + (Number.isNaN(top.sum) ? top.big : BigInt(top.sum))
        sum = Number.NaN
      }
    } else {
      if (keyLen >= 0) {
        out.write(key, 0, keyLen, keyDate, sum, big)
        written++
      }
      key.set(top.buf.subarray(top.songStart, top.songStart + top.songLen))
      keyLen = top.songLen
      keyDate = top.date
      sum = top.sum
      big = top.big
    }
    if (top.next()) siftDown(0)
    else {
      const last = heap.pop()!
      if (heap.length > 0) {
        heap[0] = last
        siftDown(0)
      }
    }
  }
  if (keyLen >= 0) {
    out.write(key, 0, keyLen, keyDate, sum, big)
    written++
  }
  return written
}

export interface MergePlan {
  /** A table still in memory (it never spilled), merged with the runs. */
  table?: KeyTable | undefined
  runs: string[]
  output: string
  workDir: string
  budgetBytes: number
  /** Names this merge's intermediate runs apart from other threads'. */
  name: string
  /** Only the first range's output starts with the header. */
  header: boolean
}

/** Merges everything into the result CSV. */
export function mergeToCsv(plan: MergePlan): { rows: number; bytes: number; passes: number } {
  const csv = new CsvWriter(plan.output, readerBytes(plan.budgetBytes, plan.runs.length), plan.header)
  let passes: number
  try {
    passes = mergeRuns(plan.runs, plan.table, csv, plan)
  } finally {
    csv.close()
  }
  return { rows: csv.rows, bytes: csv.bytes, passes }
}

/** Read buffers: half the budget shared by `n` runs and the output. */
function readerBytes(budgetBytes: number, n: number): number {
  const half = Math.max(budgetBytes / 2, 2 * MIN_READER)
  return Math.min(MAX_READER, Math.max(MIN_READER, Math.floor(half / Math.max(n + 1, 1))))
}

/**
 * Merges sorted runs and a table into `out`, removing the runs. When there are more runs
 * than the budget gives read buffers for, groups of them are first merged into longer
 * runs (a multi-pass external merge), so memory stays bounded whatever their number.
 * Returns the number of those passes.
 */
export function mergeRuns(runs: string[], table: KeyTable | undefined, out: KeyOutput, plan: { workDir: string; budgetBytes: number; name: string }): number {
  const fanIn = Math.max(2, Math.floor(Math.max(plan.budgetBytes / 2, 2 * MIN_READER) / MIN_READER))
  const pending = [...runs]
  let passes = 0
  while (pending.length > fanIn) {
    const group = pending.splice(0, fanIn)
    const merged = path.join(plan.workDir, `${plan.name}-merge-${passes++}.run`)
    const writer = new RunWriter(merged, readerBytes(plan.budgetBytes, group.length))
    mergeAndRemove(group, undefined, writer, readerBytes(plan.budgetBytes, group.length))
    writer.close()
    pending.push(merged)
  }
  mergeAndRemove(pending, table, out, readerBytes(plan.budgetBytes, pending.length))
  return passes
}

function mergeAndRemove(runs: string[], table: KeyTable | undefined, out: KeyOutput, bufferBytes: number): void {
  const readers = runs.map((run) => openRun(run, bufferBytes))
  const sources: SortedSource[] = [...readers]
  if (table && table.count > 0) sources.push(new TableSource(table))
  try {
    mergeSources(sources, out)
  } finally {
    for (const r of readers) r.close()
    for (const run of runs) rmSync(run, { force: true })
  }
}
