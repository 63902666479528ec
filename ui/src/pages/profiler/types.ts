// The server's own types (`import type`: erased from the bundle).
import type { RequestProfile, RequestSummary, RouteSummary } from '../../../../src/kit/profiler/profiler.ts'

export type { RequestProfile, RequestSummary, RouteSummary }

/** `GET /api/profiler`. */
export interface ProfilerState {
  enabled: boolean
  capacity: number
  requests: RequestSummary[]
  slowest: RouteSummary[]
}

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toString())
