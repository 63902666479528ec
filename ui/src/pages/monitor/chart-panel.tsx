import { useState } from 'react'
import { api } from '../../api.ts'
import { LoadError } from '../../components/login-notice.tsx'
import { Panel } from '../../components/panel.tsx'
import { useResource } from '../../components/use-resource.ts'
import { formatInteger } from '../../format.ts'
import { ResponseChart, type ChartData } from './response-chart.tsx'
import type { Check, HourlyPoint } from './types.ts'

const HOUR = 3_600_000
/** The API's most checks per request: 24 h of a 5 s website is more, and then the newest are drawn. */
const MAX_CHECKS = 10_000

interface Range {
  label: string
  ms: number
  /** Long ranges draw the hourly roll-ups, not every check. */
  source: 'checks' | 'hourly'
  refreshMs: number
}
const RANGES = {
  '1h': { label: '1 h', ms: HOUR, source: 'checks', refreshMs: 5_000 },
  '24h': { label: '24 h', ms: 24 * HOUR, source: 'checks', refreshMs: 30_000 },
  '7d': { label: '7 d', ms: 7 * 24 * HOUR, source: 'hourly', refreshMs: 300_000 },
} satisfies Record<string, Range>
type RangeName = keyof typeof RANGES

interface Loaded {
  chart: ChartData
  /** Points drawn; for hourly data, the checks they sum up. */
  points: number
  checks: number
  truncated: boolean
}

async function loadChecks(id: number, from: number, to: number, signal: AbortSignal): Promise<Loaded> {
  const query = new URLSearchParams({ from: String(from), limit: String(MAX_CHECKS) })
  const { items } = await api.get<{ items: Check[] }>(`/api/monitor/websites/${id}/checks?${query.toString()}`, { signal })
  const n = items.length
  const x = new Float64Array(n)
  const response: Array<number | null> = new Array<number | null>(n)
  const down: Array<number | null> = new Array<number | null>(n)
  // Newest first from the API; oldest first for the chart.
  for (let i = 0; i < n; i++) {
    const check = items[n - 1 - i]!
    x[i] = check.startedAt / 1000
    response[i] = check.status === null ? null : check.durationMs
    down[i] = check.up ? null : check.durationMs
  }
  return { chart: { kind: 'raw', from: from / 1000, to: to / 1000, data: [x, response, down] }, points: n, checks: n, truncated: n === MAX_CHECKS }
}

async function loadHourly(id: number, from: number, to: number, signal: AbortSignal): Promise<Loaded> {
  const query = new URLSearchParams({ from: String(from), to: String(to) })
  const { items } = await api.get<{ items: HourlyPoint[] }>(`/api/monitor/websites/${id}/hourly?${query.toString()}`, { signal })
  const x = Float64Array.from(items, (h) => h.hour / 1000)
  const data: ChartData['data'] = [x, items.map((h) => h.p50), items.map((h) => h.p95), items.map((h) => h.p99)]
  const checks = items.reduce((sum, h) => sum + h.checks, 0)
  return { chart: { kind: 'hourly', from: from / 1000, to: to / 1000, data }, points: items.length, checks, truncated: false }
}

function Caption({ loaded, range }: { loaded: Loaded; range: Range }) {
  if (loaded.points === 0) {
    return (
      <p className="muted monitor-chart-note">
        {range.source === 'hourly' ? 'No hourly roll-up yet: an hour is rolled up once it is over. The 1 h and 24 h views draw every check.' : 'No check in this range yet.'}
      </p>
    )
  }
  return (
    <p className="muted monitor-chart-note">
      {range.source === 'hourly'
        ? `${formatInteger(loaded.points)} hours, ${formatInteger(loaded.checks)} checks; percentiles of each hour.`
        : `${formatInteger(loaded.points)} ${loaded.points === 1 ? 'check' : 'checks'}${loaded.truncated ? ` (the newest ${formatInteger(MAX_CHECKS)}; the 7 d view covers the rest by hour)` : ''}. Red dots: checks that counted as down. Drag to zoom, double-click to reset.`}
    </p>
  )
}

/** The response-time chart of one website over 1 h, 24 h or 7 d. */
export function ChartPanel({ websiteId, version }: { websiteId: number; version: number }) {
  const [name, setName] = useState<RangeName>('1h')
  const range: Range = RANGES[name]
  const loaded = useResource(
    (signal) => {
      const to = Date.now()
      const from = to - range.ms
      return range.source === 'checks' ? loadChecks(websiteId, from, to, signal) : loadHourly(websiteId, from, to, signal)
    },
    `${websiteId}:${name}:${version}`,
    range.refreshMs,
  )
  const tabs = (
    <div className="tabs monitor-range" role="tablist" aria-label="Chart range">
      {(Object.keys(RANGES) as RangeName[]).map((key) => (
        <button key={key} type="button" role="tab" className="tab" aria-selected={key === name} onClick={() => setName(key)}>
          {RANGES[key].label}
        </button>
      ))}
    </div>
  )
  // A kind switch (raw → hourly) waits for its own data rather than drawing the old series.
  const data = loaded.data && loaded.data.chart.kind === (range.source === 'checks' ? 'raw' : 'hourly') ? loaded.data : undefined
  return (
    <Panel title="Response time" aside={tabs}>
      {loaded.error !== undefined && <LoadError error={loaded.error} what="the checks" />}
      {data ? (
        <>
          <ResponseChart chart={data.chart} />
          <Caption loaded={data} range={range} />
        </>
      ) : (
        loaded.error === undefined && <div className="monitor-chart monitor-chart-loading muted">Loading…</div>
      )}
    </Panel>
  )
}
