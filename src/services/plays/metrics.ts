import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import { taskStatuses, type TaskStatus } from './task.ts'

export interface PlaysMetrics {
  rows: Counter
  skippedRows: Counter
  bytes: Counter
  duration: Histogram<'outcome'>
  spills: Counter
}

/** Labels are the five statuses and three outcomes: never ids or file names. */
export function createPlaysMetrics(registry: Registry, countByStatus: () => Promise<Record<TaskStatus, number>>): PlaysMetrics {
  const registers = [registry]
  new Gauge({
    name: 'plays_tasks',
    help: 'Tasks by status (from the database)',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = await countByStatus()
      for (const status of taskStatuses) this.set({ status }, counts[status])
    },
  })
  return {
    rows: new Counter({ name: 'plays_rows_processed_total', help: 'Input rows aggregated by finished tasks', registers }),
    skippedRows: new Counter({ name: 'plays_rows_skipped_total', help: 'Bad input rows skipped (on_error=skip)', registers }),
    bytes: new Counter({ name: 'plays_bytes_processed_total', help: 'Input bytes read by finished tasks', registers }),
    duration: new Histogram({
      name: 'plays_task_duration_seconds',
      help: 'Processing time of tasks, by how they ended',
      labelNames: ['outcome'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers,
    }),
    spills: new Counter({ name: 'plays_spills_total', help: 'Times a table filled its memory budget and went to disk (as partitions, or as a sorted run of a partition too big)', registers }),
  }
}
