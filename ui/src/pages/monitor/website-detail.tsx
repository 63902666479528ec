import { api } from '../../api.ts'
import { LoadError } from '../../components/login-notice.tsx'
import { Panel } from '../../components/panel.tsx'
import { useResource } from '../../components/use-resource.ts'
import { formatAgo, formatInteger, formatTime } from '../../format.ts'
import { ChartPanel } from './chart-panel.tsx'
import { Figure } from '../../components/figure.tsx'
import { formatLatency, formatUptime } from './format.ts'
import { RecentChecks } from './recent-checks.tsx'
import { StateBadge } from './state-badge.tsx'
import { StateChanges } from './state-changes.tsx'
import { shownState, type Website, type WebsiteStats } from './types.ts'

const WINDOW_LABELS: Record<string, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d' }

function Figures({ stats }: { stats: WebsiteStats }) {
  return (
    <>
      <div className="figures">
        {stats.windows.map((w) => (
          <Figure
            key={w.window}
            label={`uptime ${WINDOW_LABELS[w.window] ?? w.window}`}
            value={formatUptime(w.uptime)}
            title={`${formatInteger(w.upChecks)} of ${formatInteger(w.checks)} checks up`}
            tone={w.uptime !== null && w.uptime < 0.99 ? (w.uptime < 0.9 ? 'bad' : 'warn') : undefined}
          />
        ))}
      </div>
      <table className="table monitor-latency">
        <caption className="sr-only">Latency by window</caption>
        <thead>
          <tr>
            <th>window</th>
            <th className="num">checks</th>
            <th className="num">p50</th>
            <th className="num">p95</th>
            <th className="num">p99</th>
            <th className="num">mean</th>
          </tr>
        </thead>
        <tbody>
          {stats.windows.map((w) => (
            <tr key={w.window}>
              <td>{WINDOW_LABELS[w.window] ?? w.window}</td>
              <td className="num">{formatInteger(w.checks)}</td>
              <td className="num">{formatLatency(w.latencyMs.p50)}</td>
              <td className="num">{formatLatency(w.latencyMs.p95)}</td>
              <td className="num">{formatLatency(w.latencyMs.p99)}</td>
              <td className="num">{formatLatency(w.latencyMs.mean)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

function Settings({ website }: { website: Website }) {
  return (
    <p className="meta-line">
      <span>
        every <strong>{website.intervalSeconds} s</strong>
      </span>
      <span>
        regex <strong>{website.regex === null ? 'none' : <code>{website.regex}</code>}</strong>
        {website.regex !== null && website.regexMustMatch && ' (must match)'}
      </span>
      {website.stateSince !== null && (
        <span title={formatTime(website.stateSince)}>
          {website.state} since <strong>{formatAgo(website.stateSince)}</strong>
        </span>
      )}
    </p>
  )
}

interface WebsiteDetailProps {
  websiteId: number
  /** Bumped by the page after a write, to load again at once. */
  version: number
  onClose: () => void
}

/** One website: its settings, uptime and latency per window, chart, checks and state changes. */
export function WebsiteDetail({ websiteId, version, onClose }: WebsiteDetailProps) {
  const key = `${websiteId}:${version}`
  const website = useResource((signal) => api.get<Website>(`/api/monitor/websites/${websiteId}`, { signal }), key, 5000)
  const stats = useResource((signal) => api.get<WebsiteStats>(`/api/monitor/websites/${websiteId}/stats`, { signal }), key, 5000)
  const aside = (
    <>
      {website.data && <StateBadge state={shownState(website.data)} />}
      <button type="button" className="button button-small button-secondary" onClick={onClose}>
        Close
      </button>
    </>
  )
  return (
    <div className="monitor-detail" aria-label="Selected website">
      <Panel title={website.data?.url ?? `Website ${websiteId}`} aside={aside}>
        {website.error !== undefined && <LoadError error={website.error} what="this website" />}
        {website.data && <Settings website={website.data} />}
        {stats.error !== undefined && <LoadError error={stats.error} what="the figures" />}
        {stats.data ? <Figures stats={stats.data} /> : stats.error === undefined && <p className="muted">Loading…</p>}
      </Panel>
      <ChartPanel websiteId={websiteId} version={version} />
      <RecentChecks websiteId={websiteId} version={version} />
      <StateChanges changes={stats.data?.stateChanges} />
    </div>
  )
}
