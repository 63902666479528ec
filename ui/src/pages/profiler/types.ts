/** `GET /api/profiler` and `/api/profiler/requests/:id`. */
export interface RequestSummary {
  id: number
  requestId: string
  method: string
  path: string
  route: string
  status: number
  startedAt: number
  durationMs: number
  queryCount: number
  queryMs: number
  queriesDropped: number
}

export interface RequestProfile extends RequestSummary {
  queries: Array<{ sql: string; durationMs: number; failed: boolean }>
}

export interface RouteSummary {
  method: string
  route: string
  count: number
  avgMs: number
  maxMs: number
  avgQueries: number
  errors: number
}

export interface ProfilerState {
  enabled: boolean
  capacity: number
  requests: RequestSummary[]
  slowest: RouteSummary[]
}

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toString())
