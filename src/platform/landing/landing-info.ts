/** What the landing page shows, gathered from the running system by the platform. */

export interface LandingRoute {
  method: string
  url: string
}

export interface LandingSchedule {
  name: string
  /** The job type the schedule enqueues. */
  job: string
  /** Human-readable period, e.g. "60s" or a cron expression. */
  every: string
}

export interface LandingService {
  name: string
  description: string
  routes: LandingRoute[]
  jobs: string[]
  schedules: LandingSchedule[]
  topics: {
    publishes: string[]
    subscribes: Array<{ topic: string; group: string }>
  }
}

export interface LandingProcess {
  pid: number
  role: string
  uptimeSeconds: number
  rssBytes: number
  health: 'ok' | 'degraded'
  /** Where it runs; with pid, what tells processes apart in a distributed deployment. */
  host?: string
  /** The services it runs (FLOTILLA_SERVICES). */
  services?: string[]
  /** Seconds since it last reported (its heartbeat); 0 for the process drawing the page. */
  lastSeenSeconds?: number
  /** The process drawing this page. */
  current?: boolean
}

export interface LandingLink {
  href: string
  label: string
  /** One line on what is there, for the "where to go" cards. */
  note?: string
  /** Needs the token (or a session) on this deployment. */
  locked?: boolean
}

export interface LandingInfo {
  version: string
  mode: 'embedded' | 'distributed'
  /** e.g. 'SQLite ./data/flotilla.db' or 'PostgreSQL 127.0.0.1:5432/test' */
  database: string
  /** e.g. 'in-process' or 'RabbitMQ 127.0.0.1:5672' */
  broker: string
  process: LandingProcess
  /** Every process of the deployment, when known; embedded: this one. */
  processes?: LandingProcess[]
  services: LandingService[]
  links: LandingLink[]
}
