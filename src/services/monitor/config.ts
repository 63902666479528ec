import Type, { type Static } from 'typebox'
import { ConfigError } from '../../kit/config.ts'

const Duration = (fallback: string, description: string) => Type.String({ default: fallback, pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)?\\s*$', description })

export const MonitorConfig = Type.Object({
  MONITOR_RAW_RETENTION: Duration('7d', 'how long raw checks are kept (e.g. 7d, 36h; a bare number is seconds); hourly roll-ups outlive them'),
  MONITOR_ROLLUP_RETENTION: Duration('365d', 'how long hourly roll-ups and state changes are kept'),
  MONITOR_TIMEOUT_SECONDS: Type.Number({ default: 10, minimum: 0.1, maximum: 300, description: 'a check taking longer fails as a timeout (never longer than 90% of its interval)' }),
  MONITOR_MAX_BODY_BYTES: Type.Integer({ default: 1_048_576, minimum: 0, description: 'most bytes of a body read (and searched by the regex); the rest is not downloaded' }),
  MONITOR_MAX_REDIRECTS: Type.Integer({ default: 5, minimum: 0, maximum: 20, description: 'redirects followed per check' }),
  MONITOR_CONCURRENCY: Type.Integer({ default: 1000, minimum: 1, description: 'checks running at once per process' }),
  MONITOR_CONNECTIONS_PER_ORIGIN: Type.Integer({ default: 6, minimum: 1, description: 'keep-alive connections per origin (scheme, host, port)' }),
  MONITOR_FAILURE_THRESHOLD: Type.Integer({ default: 3, minimum: 1, maximum: 100, description: 'failed checks in a row before a website is down (a website may set its own)' }),
  MONITOR_REGEX_BUDGET_MS: Type.Integer({ default: 200, minimum: 1, description: 'longest a regex may run on one body; longer is cut off and recorded as a regex error' }),
  MONITOR_REGEX_THREADS: Type.Integer({ default: 1, minimum: 1, maximum: 16, description: 'worker threads running regexes' }),
  MONITOR_FLUSH_MS: Type.Integer({ default: 1000, minimum: 10, description: 'longest a check result waits before its batch is written' }),
  MONITOR_WEBHOOK_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'a webhook POSTed every state change to down and back (besides each website\u2019s own)' })),
  MONITOR_USER_AGENT: Type.String({ default: 'flotilla-monitor/1.0', minLength: 1, description: 'User-Agent of checks' }),
})
export type MonitorConfig = Static<typeof MonitorConfig>

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Milliseconds of a duration setting such as `7d`, `36h` or `600` (seconds). */
export function parseDuration(variable: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text)
  const ms = match ? Number(match[1]) * UNITS[match[2] ?? 's']! : Number.NaN
  if (!Number.isFinite(ms) || ms <= 0) throw new ConfigError([{ variable, message: `must be a positive duration such as 7d, 36h or 600 (got ${JSON.stringify(text)})` }])
  return ms
}
