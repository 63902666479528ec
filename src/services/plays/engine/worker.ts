import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parentPort } from 'node:worker_threads'
import { lowerThreadPriority } from '../../../kit/thread-priority.ts'
import { aggregateRange } from './aggregate.ts'
import type { KeyTable } from './key-table.ts'
import { mergeToCsv } from './merge.ts'
import type { FromWorker, ToWorker } from './worker-protocol.ts'

// An engine thread: aggregates a range, then (the first one) merges everything into the CSV.
const port = parentPort!

// The API keeps answering while a task keeps every core busy.
lowerThreadPriority()

/**
 * A full collection of this thread's heap. Between aggregating and merging, the range's
 * table (tens of MB of typed arrays, unreachable once it has spilled) would otherwise
 * stay resident until V8 next collects, beside the merge's buffers: that overlap was the
 * task's peak RSS, about 50 MB over the rest (bench plays, many keys). `--expose-gc` set
 * now applies to contexts made after it, so a fresh context hands out `gc`, which collects
 * this thread's isolate only.
 */
const collectGarbage = ((): (() => void) => {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return () => {}
  }
})()
const kept: { table?: KeyTable } = {}
const post = (message: FromWorker): void => port.postMessage(message)

port.on('message', (message: ToWorker) => {
  try {
    if (message.kind === 'aggregate') {
      const result = aggregateRange(message.job, (bytes) => post({ kind: 'progress', bytes }), kept)
      if (!kept.table) collectGarbage()
      post({ kind: 'aggregated', result })
    } else {
      const { kind: _, ...plan } = message
      const merged = mergeToCsv({ ...plan, table: kept.table })
      delete kept.table
      post({ kind: 'merged', ...merged })
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    post({ kind: 'failed', message: e.message ?? String(error), code: e.code })
  }
})
