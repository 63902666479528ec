import { randomUUID } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import type { RangeJob, RangeResult } from './aggregate.ts'
import { EngineThread, EngineThreadError } from './engine-thread.ts'
import type { RowProblem } from './row-parser.ts'
import { splitRanges } from './split-ranges.ts'

/** The task fails with this message, shown to the user as it is. */
export class TaskFailure extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'TaskFailure'
  }
}

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
    try {
      size = (await file.stat()).size
      if (size === 0) throw new TaskFailure('the file is empty')
      const wanted = options.threads > 0 ? options.threads : Math.min(4, availableParallelism())
      ranges = await splitRanges(file, size, wanted)
    } finally {
      await file.close()
    }
    await rm(options.workDir, { recursive: true, force: true })
    await mkdir(options.workDir, { recursive: true })
    const progress = (bytes: number): void => {
      read += bytes
      options.onProgress?.(Math.min(read, size), size)
    }
    let results = await aggregate(options, ranges, threads, progress)
    if (results.some((r) => r.misaligned)) {
      await Promise.all(threads.splice(0).map((t) => t.stop()))
      await rm(options.workDir, { recursive: true, force: true })
      await mkdir(options.workDir, { recursive: true })
      read = 0
      ranges = [[0, size]]
      results = await aggregate(options, ranges, threads, progress)
    }
    const summary = summarize(results, options.skip)
    options.signal?.throwIfAborted()
    const merged = await threads[0]!.request(
      { kind: 'merge', runs: results.flatMap((r) => r.runs), output: tmp, workDir: options.workDir, budgetBytes: options.budgetBytes },
      'merged',
    )
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

async function aggregate(options: ProcessOptions, ranges: Array<[number, number]>, threads: EngineThread[], progress: (bytes: number) => void): Promise<RangeResult[]> {
  const budget = Math.floor(options.budgetBytes / ranges.length)
  const readBytes = readBytesFor(budget)
  const jobs: RangeJob[] = ranges.map(([start, end], index) => ({
    file: options.input,
    index,
    start,
    end,
    last: index === ranges.length - 1,
    budgetBytes: Math.max(budget - readBytes, 0),
    readBytes,
    workDir: options.workDir,
    skip: options.skip,
    keepTable: index === 0,
  }))
  for (const _ of jobs) threads.push(new EngineThread(progress))
  options.signal?.throwIfAborted()
  const replies = await Promise.all(jobs.map((job, i) => threads[i]!.request({ kind: 'aggregate', job }, 'aggregated')))
  return replies.map((r) => r.result)
}

function failure(problem: RowProblem): TaskFailure {
  return new TaskFailure(`line ${problem.line}: ${problem.reason}`, { line: problem.line })
}

/** Turns the ranges' results into the file's: lines counted from the file's start, first problem first. */
function summarize(results: RangeResult[], skip: boolean): Pick<ProcessResult, 'rows' | 'skipped' | 'problems'> {
  let offset = 0
  let rows = 0
  let skipped = 0
  const problems: RowProblem[] = []
  for (const r of results) {
    const shift = (p: RowProblem): RowProblem => ({ line: p.line + offset, reason: p.reason })
    if (r.fatal) throw failure(shift(r.fatal))
    if (!skip && r.problems.length > 0) throw failure(shift(r.problems[0]!))
    for (const p of r.problems) if (problems.length < 5) problems.push(shift(p))
    rows += r.rows
    skipped += r.skipped
    offset += r.newlines
  }
  if (rows === 0) {
    if (skipped > 0) throw new TaskFailure(`no valid rows: all ${skipped} rows were skipped (first: line ${problems[0]!.line}: ${problems[0]!.reason})`)
    throw new TaskFailure('the file has a header but no rows')
  }
  return { rows, skipped, problems }
}
