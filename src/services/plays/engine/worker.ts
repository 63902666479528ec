import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parentPort } from 'node:worker_threads'
import { lowerThreadPriority } from '../../../kit/thread-priority.ts'
import { aggregateRange, writeToPartitions, type RangeJob } from './aggregate.ts'
import type { KeyTable } from './key-table.ts'
import { mergeToCsv } from './merge.ts'
import { mergePartitions } from './partition-merge.ts'
import { PartitionSink } from './partition-sink.ts'
import { RunWriter } from './run-file.ts'
import { writeTable } from './sorted-source.ts'
import type { FromWorker, ToWorker } from './worker-protocol.ts'

// An engine thread: aggregates a range, settles its table, merges (see worker-protocol.ts).
const port = parentPort!

// The API keeps answering while a task keeps every core busy.
lowerThreadPriority()

/**
 * A full collection of this thread's heap. Once a table is written out, its typed arrays
 * (tens of MB) would otherwise stay resident until V8 next collects, beside what the next
 * step allocates: that overlap was the task's peak RSS, about 50 MB over the rest (bench
 * plays, many keys). `--expose-gc` set now applies to contexts made after it, so a fresh
 * context hands out `gc`, which collects this thread's isolate only.
 */
const collectGarbage = ((): (() => void) => {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return () => {}
  }
})()
const kept: { table?: KeyTable | undefined; job?: RangeJob } = {}
const post = (message: FromWorker): void => port.postMessage(message)

function settle(into: 'run' | 'partitions' | 'memory'): FromWorker {
  const { table, job } = kept
  if (into === 'memory' || !table || !job) return { kind: 'settled' }
  delete kept.table
  try {
    if (into === 'partitions') {
      const sink = new PartitionSink(job.workDir, `s${job.index}`, job.splitters, job.budgetBytes)
      writeToPartitions(table, sink)
      return { kind: 'settled', partitions: sink.close() }
    }
    if (table.count === 0) return { kind: 'settled' }
    const run = new RunWriter(path.join(job.workDir, `r${job.index}.run`), 1024 * 1024)
    writeTable(table, run)
    run.close()
    return { kind: 'settled', run: run.path }
  } finally {
    collectGarbage()
  }
}

port.on('message', (message: ToWorker) => {
  try {
    if (message.kind === 'aggregate') {
      kept.job = message.job
      const result = aggregateRange(message.job, (bytes) => post({ kind: 'progress', bytes }), kept, collectGarbage)
      post({ kind: 'aggregated', result })
    } else if (message.kind === 'settle') {
      post(settle(message.into))
    } else if (message.kind === 'merge') {
      const { kind: _, ...plan } = message
      const merged = mergeToCsv({ ...plan, table: kept.table })
      delete kept.table
      post({ kind: 'merged', rows: merged.rows, bytes: merged.bytes, spills: 0 })
    } else {
      const { kind: _, ...plan } = message
      post({ kind: 'merged', ...mergePartitions(plan) })
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    post({ kind: 'failed', message: e.message ?? String(error), code: e.code })
  }
})
