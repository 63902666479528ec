import { randomUUID } from 'node:crypto'
export { TaskFailure } from './summarize.ts'
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import type { RangeJob, RangeResult } from './aggregate.ts'
import { EngineThread, EngineThreadError, engineCode } from './engine-thread.ts'
import { mergeMemory, mergeState } from './partition-merge.ts'
import { partitionCount, sampleSongs, splittersFor } from './partitions.ts'
import { summarize, TaskFailure } from './summarize.ts'
import type { RowProblem } from './row-parser.ts'
import { splitRanges } from './split-ranges.ts'

export interface ProcessOptions {
  input: string
  /** The result's final path; it appears there (by rename) only once complete. */
  output: string
  /** Scratch directory for partitions and runs; emptied and removed at the end. */
  workDir: string
  budgetBytes: number
  /** Engine threads; 0: one per core, at most 4. */
  threads: number
  skip: boolean
  /** At most this many partitions, should the keys outgrow memory (tests set it low). */
  maxPartitions?: number
  signal?: AbortSignal
  onProgress?: (bytesRead: number, totalBytes: number) => void
}

export interface ProcessResult {
  inputBytes: number
  rows: number
  skipped: number
  /** The first bad rows (file lines), when skipped. */
  problems: RowProblem[]
  outputRows: number
  outputBytes: number
  /** Times a table was full and went to disk. */
  spills: number
  /** Partitions the rows were distributed into (0: the keys fit in memory). */
  partitions: number
  threads: number
}

/** What a thread costs besides its table: its JavaScript heap and code, its run writer's buffer. */
const THREAD_OVERHEAD = 16 * 1024 * 1024

/** Reading buffer per thread: a slice of the budget, within bounds that keep reads efficient. */
function readBytesFor(budget: number): number {
  return Math.min(4 * 1024 * 1024, Math.max(256 * 1024, Math.floor(budget / 16)))
}

/** The result is on disk before it takes its name: a task DONE keeps its result through a machine crash (0.15 s for 500 MB here). */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function diskFull(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOSPC'
}

/**
 * Sums plays per (song, date) from the input CSV into the sorted result CSV, with memory
 * bounded by the budget whatever the file's size: threads aggregate ranges of the file
 * into hash tables; if those hold every key, one thread merges them into the CSV; if not,
 * the rows go to partitions by song, which the threads then aggregate one at a time.
 */
export async function processFile(options: ProcessOptions): Promise<ProcessResult> {
  const threads: EngineThread[] = []
  const tmp = `${options.output}.${randomUUID().slice(0, 8)}.tmp`
  let read = 0
  const abort = (): void => void Promise.all(threads.map((t) => t.stop()))
  options.signal?.addEventListener('abort', abort)
  try {
    options.signal?.throwIfAborted()
    const file = await open(options.input, 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new TaskFailure('the uploaded file is missing from storage') : error
    })
    let size: number
    let ranges: Array<[number, number]>
    let splitters: Uint8Array[]
    try {
      size = (await file.stat()).size
      if (size === 0) throw new TaskFailure('the file is empty')
      const wanted = options.threads > 0 ? options.threads : Math.min(4, availableParallelism())
      ranges = await splitRanges(file, size, wanted)
      const sample = await sampleSongs(file, size)
      const { tableBytes } = mergeMemory(mergeBudget(options.budgetBytes, ranges.length))
      splitters = splittersFor(sample, partitionCount(size, sample.rowBytes, tableBytes, options.maxPartitions))
    } finally {
      await file.close()
    }
    await rm(options.workDir, { recursive: true, force: true })
    await mkdir(options.workDir, { recursive: true })
    const progress = (bytes: number): void => {
      read += bytes
      options.onProgress?.(Math.min(read, size), size)
    }
    let results = await aggregate(options, ranges, splitters, threads, progress)
    if (results.some((r) => r.misaligned)) {
      await Promise.all(threads.splice(0).map((t) => t.stop()))
      await rm(options.workDir, { recursive: true, force: true })
      await mkdir(options.workDir, { recursive: true })
      read = 0
      ranges = [[0, size]]
      results = await aggregate(options, ranges, splitters, threads, progress)
    }
    const summary = summarize(results, options.skip)
    options.signal?.throwIfAborted()
    const partitioned = results.some((r) => r.partitions)
    const merged = partitioned ? await mergePartitioned(options, results, threads, tmp) : await merge(options, threads, tmp)
    options.signal?.throwIfAborted()
    await syncFile(tmp)
    await rename(tmp, options.output)
    return {
      inputBytes: size,
      ...summary,
      outputRows: merged.rows,
      outputBytes: merged.bytes,
      spills: results.reduce((n, r) => n + r.spills, 0) + merged.spills,
      partitions: partitioned ? splitters.length + 1 : 0,
      threads: ranges.length,
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason
    if (diskFull(error)) throw new TaskFailure('the disk is full: no space left for the partitions or the result')
    if (error instanceof EngineThreadError && error.code === 'ENOENT') throw new TaskFailure('the uploaded file is missing from storage')
    throw error
  } finally {
    options.signal?.removeEventListener('abort', abort)
    await Promise.all(threads.map((t) => t.stop()))
    await rm(tmp, { force: true })
    await rm(options.workDir, { recursive: true, force: true })
  }
}

/** The keys fit in every range's table: the first thread merges its own with the others', written as runs. */
async function merge(options: ProcessOptions, threads: EngineThread[], tmp: string): Promise<{ rows: number; bytes: number; spills: number }> {
  const settled = await Promise.all(threads.map((t, i) => t.request({ kind: 'settle', into: i === 0 ? 'memory' : 'run' }, 'settled')))
  const runs = settled.flatMap((s) => (s.run ? [s.run] : []))
  return threads[0]!.request({ kind: 'merge', runs, workDir: options.workDir, output: tmp, budgetBytes: options.budgetBytes, name: 'm', header: true }, 'merged')
}

/** Each thread's share of the merge: its table's slice of the budget. */
function mergeBudget(budgetBytes: number, threads: number): number {
  return Math.floor((budgetBytes * TABLE_SHARE) / threads)
}

/**
 * Some range's keys outgrew its table: every range's rows go to partitions, which the
 * threads then aggregate one by one, each written at its place in the result.
 */
async function mergePartitioned(options: ProcessOptions, results: RangeResult[], threads: EngineThread[], tmp: string): Promise<{ rows: number; bytes: number; spills: number }> {
  const settled = await Promise.all(
    threads.map((t, i) => (results[i]!.partitions ? Promise.resolve({ partitions: results[i]!.partitions }) : t.request({ kind: 'settle', into: 'partitions' }, 'settled'))),
  )
  const parts = settled.reduce((n, s) => Math.max(n, s.partitions?.length ?? 0), 0)
  const partitions = Array.from({ length: parts }, (_, p) => settled.flatMap((s) => (s.partitions?.[p] ? [s.partitions[p]] : [])))
  await writeFile(tmp, '')
  const plan = { partitions, output: tmp, budgetBytes: mergeBudget(options.budgetBytes, threads.length), workDir: options.workDir, ...mergeState(parts) }
  const replies = await Promise.all(threads.map((t, i) => t.request({ kind: 'merge-partitions', ...plan, name: `m${i}` }, 'merged')))
  return { rows: replies.reduce((n, r) => n + r.rows, 0), bytes: replies.reduce((n, r) => n + r.bytes, 0), spills: replies.reduce((n, r) => n + r.spills, 0) }
}

/**
 * The tables' share of the budget: the rest covers what is not counted byte by byte (the
 * threads' heaps, buffers, memory the allocator keeps after a phase frees it).
 */
const TABLE_SHARE = 0.6

async function aggregate(options: ProcessOptions, ranges: Array<[number, number]>, splitters: Uint8Array[], threads: EngineThread[], progress: (bytes: number) => void): Promise<RangeResult[]> {
  const budget = mergeBudget(options.budgetBytes, ranges.length)
  const readBytes = readBytesFor(budget)
  const jobs: RangeJob[] = ranges.map(([start, end], index) => ({
    file: options.input,
    index,
    start,
    end,
    last: index === ranges.length - 1,
    budgetBytes: Math.max(budget - readBytes - Math.min(THREAD_OVERHEAD, budget / 4), 0),
    readBytes,
    workDir: options.workDir,
    skip: options.skip,
    splitters,
  }))
  const code = await engineCode()
  for (const _ of jobs) threads.push(new EngineThread(code, progress))
  options.signal?.throwIfAborted()
  const replies = await Promise.all(jobs.map((job, i) => threads[i]!.request({ kind: 'aggregate', job }, 'aggregated')))
  return replies.map((r) => r.result)
}

