import type { RangeJob, RangeResult } from './aggregate.ts'

/** Messages between the task's thread (main) and its engine threads. */
export type ToWorker =
  | { kind: 'aggregate'; job: RangeJob }
  | { kind: 'merge'; runs: string[]; output: string; workDir: string; budgetBytes: number; name: string; header: boolean }

export type FromWorker =
  | { kind: 'progress'; bytes: number }
  | { kind: 'aggregated'; result: RangeResult }
  | { kind: 'merged'; rows: number; bytes: number; passes: number }
  | { kind: 'failed'; message: string; code?: string | undefined }
