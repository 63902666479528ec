import type { JobDefinition } from '../../kit/jobs/types.ts'
import type { JobQueue } from '../../kit/jobs/queue.ts'
import { periodOf } from '../../kit/schedule/period.ts'
import { scheduleKey } from '../../kit/schedule/scheduler.ts'
import type { Schedule } from '../../kit/schedule/types.ts'
import { ingestFeed, type IngestDeps } from './ingest.ts'

export const FETCH_JOB = 'events.fetch'
const SCHEDULE = 'fetch'

/**
 * One attempt only: a failed fetch changes nothing, and the next scheduled one is the
 * retry. Running it twice is harmless (the second finds nothing changed), so being
 * at-least-once needs nothing more.
 */
export function fetchJob(deps: IngestDeps): JobDefinition {
  return {
    concurrency: 1,
    maxAttempts: 1,
    handler: async (_payload, helpers) => ingestFeed({ ...deps, log: helpers.log }, helpers.signal),
  }
}

export function fetchSchedule(every: { cron?: string | undefined; everySeconds: number }): Schedule {
  return every.cron ? { name: SCHEDULE, job: FETCH_JOB, cron: every.cron } : { name: SCHEDULE, job: FETCH_JOB, everyMs: Math.round(every.everySeconds * 1000) }
}

/**
 * The fetch at start. The scheduler fires the current period at start unless its fetch
 * already ran; enqueueing that period's job here, under the scheduler's own key, makes
 * it the start fetch without a second download. Only when this period's fetch already
 * finished is a separate one needed.
 */
export async function enqueueStartFetch(jobs: JobQueue, schedule: Schedule, serviceName: string): Promise<number> {
  const name = `${serviceName}.${schedule.name}`
  const key = scheduleKey(name, periodOf({ ...schedule, name })(jobs.clock.now()))
  const { id, created } = await jobs.enqueue(FETCH_JOB, null, { key })
  if (created) return id
  const job = await jobs.get(id)
  if (job && (job.status === 'queued' || job.status === 'running')) return id
  return (await jobs.enqueue(FETCH_JOB, null, { key: `start:${jobs.clock.now()}` })).id
}
