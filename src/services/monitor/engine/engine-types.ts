import type { Logger } from 'pino'
import type { Clock } from '../../../kit/clock.ts'
import type { CheckOutcome, CheckRecord } from '../check.ts'
import type { MonitorMetrics } from '../metrics.ts'
import type { StateChange } from '../state-change.ts'
import type { WebsiteState } from '../website.ts'
import type { CheckTarget } from './http-check.ts'

/** What the engine needs of a website. */
export interface WatchedWebsite {
  id: number
  url: string
  intervalSeconds: number
  regex: string | null
  regexMustMatch: boolean
  failureThreshold: number | null
  state: WebsiteState
}

/** Where results go: the batched writer (tests pass a recorder). */
export interface EngineSink {
  check(record: CheckRecord): void
  change(change: StateChange): void
}

export interface CheckEngineOptions {
  clock: Clock
  check: (target: CheckTarget, signal: AbortSignal) => Promise<CheckOutcome>
  sink: EngineSink
  log: Logger
  concurrency: number
  timeoutMs: number
  failureThreshold: number
  metrics?: MonitorMetrics
  /** Each check's lateness in ms, for the benchmark's exact percentiles. */
  observeLag?: (ms: number) => void
  /** Longest the loop sleeps, so a clock that jumps (a test's fake one) is noticed. */
  maxSleepMs?: number
}

export interface EngineCounters {
  started: number
  completed: number
  skippedOverlap: number
  skippedStall: number
}
