import type { RangeJob, RangeResult } from './aggregate.ts'
import type { PartitionMergePlan } from './partition-merge.ts'
import type { PartitionFiles } from './partitions.ts'

/**
 * Messages between the task's thread (main) and its engine threads: each aggregates a
 * range; then, if no range's keys outgrew its table, the tables are settled as runs and
 * the first thread merges them; otherwise they are settled into partitions, and each
 * thread aggregates a share of the partitions.
 */
export type ToWorker =
  | { kind: 'aggregate'; job: RangeJob }
  | { kind: 'settle'; into: 'run' | 'partitions' | 'memory' }
  | { kind: 'merge'; runs: string[]; output: string; workDir: string; budgetBytes: number; name: string; header: boolean }
  | ({ kind: 'merge-partitions' } & PartitionMergePlan)

export type FromWorker =
  | { kind: 'progress'; bytes: number }
  | { kind: 'aggregated'; result: RangeResult }
  | { kind: 'settled'; run?: string | undefined; partitions?: Array<PartitionFiles | undefined> | undefined }
  | { kind: 'merged'; rows: number; bytes: number; spills: number }
  | { kind: 'failed'; message: string; code?: string | undefined }
