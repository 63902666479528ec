import { randomUUID } from 'node:crypto'
export { TaskFailure } from './summarize.ts'
import path from 'node:path'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { pipeline } from 'node:stream/promises'
import type { RangeJob, RangeResult } from './aggregate.ts'
import { EngineThread, EngineThreadError } from './engine-thread.ts'
import { sampleSplitters } from './partitions.ts'
import { summarize, TaskFailure } from './summarize.ts'
import type { RowProblem } from './row-parser.ts'
import { splitRanges } from './split-ranges.ts'

export interface ProcessOptions {
  input: string
  /** The result's final path; it appears there (by rename) only once complete. */
  output: string
  /** Scratch directory for spilled runs; emptied and removed at the end. */
  workDir: string
  budgetBytes: number
  /** Engine threads; 0: one per core, at most 4. */
  threads: number
  skip: boolean
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
  spills: number
  threads: number
}

/** What a thread costs besides its table: its JavaScript heap and code, its run writer's buffer. */
const THREAD_OVERHEAD = 16 * 1024 * 1024

/** Reading buffer per thread: a slice of the budget, within bounds that keep reads efficient. */
function readBytesFor(budget: number): number {
  return Math.min(4 * 1024 * 1024, Math.max(256 * 1024, Math.floor(budget / 16)))
}

function diskFull(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOSPC'
}

/**
 * Sums plays per (song, date) from the input CSV into the sorted result CSV, with memory
 * bounded by the budget whatever the file's size: threads aggregate ranges of the file
 * into hash tables, spilling sorted runs when full; one thread merges them into the CSV.
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
      splitters = await sampleSplitters(file, size, ranges.length)
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
      splitters = []
      results = await aggregate(options, ranges, splitters, threads, progress)
    }
    const summary = summarize(results, options.skip)
    options.signal?.throwIfAborted()
    const merged = await merge(options, results, splitters, threads, tmp)
    options.signal?.throwIfAborted()
    await rename(tmp, options.output)
    return {
      inputBytes: size,
      ...summary,
      outputRows: merged.rows,
      outputBytes: merged.bytes,
      spills: results.reduce((n, r) => n + r.spills, 0),
      threads: ranges.length,
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason
    if (diskFull(error)) throw new TaskFailure('the disk is full: no space left for the spilled runs or the result')
    if (error instanceof EngineThreadError && error.code === 'ENOENT') throw new TaskFailure('the uploaded file is missing from storage')
    throw error
  } finally {
    options.signal?.removeEventListener('abort', abort)
    await Promise.all(threads.map((t) => t.stop()))
    await rm(tmp, { force: true })
    await rm(options.workDir, { recursive: true, force: true })
  }
}

/**
 * Into `tmp`: when the first thread kept its table (nothing spilled there), it merges
 * everything; otherwise each thread merges one key range of every run, and the ranges'
 * outputs, already in order, are appended to the first's.
 */
async function merge(options: ProcessOptions, results: RangeResult[], splitters: Uint8Array[], threads: EngineThread[], tmp: string): Promise<{ rows: number; bytes: number }> {
  const plan = { kind: 'merge' as const, workDir: options.workDir }
  if (results[0]!.spills === 0 || splitters.length === 0) {
    const runs = results.flatMap((r) => r.runs.flat())
    return threads[0]!.request({ ...plan, runs, output: tmp, budgetBytes: options.budgetBytes, name: 'm', header: true }, 'merged')
  }
  const parts = splitters.length + 1
  const outputs = Array.from({ length: parts }, (_, p) => (p === 0 ? tmp : path.join(options.workDir, `part-${p}.csv`)))
  const replies = await Promise.all(
    outputs.map((output, p) =>
      threads[p]!.request({ ...plan, runs: results.flatMap((r) => r.runs[p] ?? []), output, budgetBytes: Math.floor(options.budgetBytes / parts), name: `m${p}`, header: p === 0 }, 'merged'),
    ),
  )
  for (const part of outputs.slice(1)) {
    options.signal?.throwIfAborted()
    await pipeline(createReadStream(part), createWriteStream(tmp, { flags: 'a' }))
    await rm(part)
  }
  return { rows: replies.reduce((n, r) => n + r.rows, 0), bytes: replies.reduce((n, r) => n + r.bytes, 0) }
}

/**
 * The tables' share of the budget: the rest covers what is not counted byte by byte (the
 * threads' heaps, buffers, memory the allocator keeps after a phase frees it).
 */
const TABLE_SHARE = 0.6

async function aggregate(options: ProcessOptions, ranges: Array<[number, number]>, splitters: Uint8Array[], threads: EngineThread[], progress: (bytes: number) => void): Promise<RangeResult[]> {
  const budget = Math.floor((options.budgetBytes * TABLE_SHARE) / ranges.length)
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
    keepTable: index === 0,
    splitters,
  }))
  for (const _ of jobs) threads.push(new EngineThread(progress))
  options.signal?.throwIfAborted()
  const replies = await Promise.all(jobs.map((job, i) => threads[i]!.request({ kind: 'aggregate', job }, 'aggregated')))
  return replies.map((r) => r.result)
}

