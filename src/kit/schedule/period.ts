import { Cron } from 'croner'
import type { Schedule } from './types.ts'

/** Where the current period of a schedule starts: it fires once per period. */
export type PeriodStart = (now: number) => number

const scheduleName = /^[A-Za-z0-9][\w.-]*$/

/** Checks a schedule and returns its period function; throws on a bad one, at start. */
export function periodOf(schedule: Schedule): PeriodStart {
  if (!scheduleName.test(schedule.name)) throw new TypeError(`schedule name must be letters, digits, '.', '_' or '-': ${schedule.name}`)
  if (!schedule.job) throw new TypeError(`schedule ${schedule.name} names no job type`)
  const { everyMs, cron } = schedule
  if ((everyMs === undefined) === (cron === undefined)) throw new TypeError(`schedule ${schedule.name} needs exactly one of everyMs and cron`)
  if (everyMs !== undefined) {
    if (!(Number.isInteger(everyMs) && everyMs > 0)) throw new RangeError(`schedule ${schedule.name}: everyMs must be a positive integer`)
    return (now) => Math.floor(now / everyMs) * everyMs
  }
  let pattern: Cron
  try {
    // paused, and without a function: used only to compute times, never to run anything.
    pattern = new Cron(cron!, { timezone: 'UTC', paused: true })
  } catch (err) {
    throw new TypeError(`schedule ${schedule.name}: bad cron pattern ${cron}: ${(err as Error).message}`, { cause: err })
  }
  return (now) => {
    // previousRuns looks strictly before its reference; +1 ms makes a run at `now` count.
    const [start] = pattern.previousRuns(1, new Date(now + 1))
    if (!start) throw new Error(`schedule ${schedule.name}: cron pattern ${cron} has no run before now`)
    return start.getTime()
  }
}
