/** The monitor API's answers (src/services/monitor/routes/schemas.ts), as the page reads them. */

export type WebsiteState = 'unknown' | 'up' | 'down'
/** What the page shows: a paused website keeps its last state but is not checked. */
export type ShownState = WebsiteState | 'paused'

export interface Website {
  id: number
  url: string
  intervalSeconds: number
  regex: string | null
  regexMustMatch: boolean
  failureThreshold: number | null
  webhookUrl: string | null
  paused: boolean
  state: WebsiteState
  stateSince: number | null
  createdAt: number
  updatedAt: number
}

/** One check; `status` null when no response came, `error` then says why. */
export interface Check {
  id: number
  /** epoch ms */
  startedAt: number
  durationMs: number
  status: number | null
  error: string | null
  matches: unknown[] | null
  up: boolean
}

/** `GET /api/monitor/websites` */
export interface WebsiteList {
  items: Array<Website & { uptime24h: number | null; lastCheck: Check | null }>
  total: number
  offset: number
  limit: number
}
export type WebsiteListItem = WebsiteList['items'][number]

export interface Latency {
  p50: number | null
  p95: number | null
  p99: number | null
  mean: number | null
}

export interface StateChange {
  id: number
  websiteId: number
  url: string
  from: WebsiteState
  to: WebsiteState
  at: number
  status: number | null
  error: string | null
}

/** `GET /api/monitor/websites/{id}/stats` */
export interface WebsiteStats {
  websiteId: number
  state: WebsiteState
  stateSince: number | null
  windows: Array<{ window: string; checks: number; upChecks: number; uptime: number | null; latencyMs: Latency }>
  stateChanges: StateChange[]
}

/** `GET /api/monitor/websites/{id}/hourly` */
export interface HourlyPoint {
  /** epoch ms of the hour's start */
  hour: number
  checks: number
  upChecks: number
  meanMs: number | null
  minMs: number | null
  maxMs: number | null
  p50: number | null
  p95: number | null
  p99: number | null
}

/** `GET /api/monitor/status`: engine figures only where this process runs the checks. */
export interface MonitorStatus {
  websites: Record<ShownState, number>
  engine: {
    engines: number
    watched: number
    inFlight: number
    pendingWrites: number
    started: number
    completed: number
    skippedOverlap: number
    skippedStall: number
  } | null
}

/** What the add/edit form sends: `POST /api/monitor/websites` or `PATCH …/{id}`. */
export interface WebsiteSettings {
  url: string
  /** null when the field is not a number: the API names the field. */
  intervalSeconds: number | null
  regex: string | null
  regexMustMatch: boolean
}

export function shownState(website: Pick<Website, 'paused' | 'state'>): ShownState {
  return website.paused ? 'paused' : website.state
}
