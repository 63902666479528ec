export interface Schedule {
  /** Unique within the service; part of the dedupe key of the jobs it enqueues. */
  name: string
  /** The job type to enqueue each period. */
  job: string
  payload?: unknown
  /** Either a fixed interval in milliseconds... */
  everyMs?: number
  /** ...or a cron pattern (croner syntax, UTC). */
  cron?: string
}
