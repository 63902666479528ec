import { parentPort } from 'node:worker_threads'
import { aggregateRange } from './aggregate.ts'
import type { KeyTable } from './key-table.ts'
import { mergeToCsv } from './merge.ts'
import type { FromWorker, ToWorker } from './worker-protocol.ts'

// An engine thread: aggregates a range, then (the first one) merges everything into the CSV.
const port = parentPort!
const kept: { table?: KeyTable } = {}
const post = (message: FromWorker): void => port.postMessage(message)

port.on('message', (message: ToWorker) => {
  try {
    if (message.kind === 'aggregate') {
      const result = aggregateRange(message.job, (bytes) => post({ kind: 'progress', bytes }), kept)
      post({ kind: 'aggregated', result })
    } else {
      const merged = mergeToCsv({ table: kept.table, runs: message.runs, output: message.output, workDir: message.workDir, budgetBytes: message.budgetBytes })
      delete kept.table
      post({ kind: 'merged', ...merged })
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    post({ kind: 'failed', message: e.message ?? String(error), code: e.code })
  }
})
