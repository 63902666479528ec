import { formatAgo, formatBytes, formatDuration, formatInteger, formatTime } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { Figure } from '../../components/figure.tsx'
import type { CtrStatus } from './types.ts'

/** Stale when the last successful refresh is older than two refresh periods. */
export function isStale(status: CtrStatus): boolean {
  return status.stalenessSeconds !== null && status.stalenessSeconds > 2 * status.refreshIntervalSeconds
}

interface StatusPanelProps {
  status: CtrStatus | undefined
  error: string | undefined
  updatedAt: number | undefined
}

/** The serving snapshot: its size and freshness, polled by the page. */
export function StatusPanel({ status, error, updatedAt }: StatusPanelProps) {
  const stale = status !== undefined && isStale(status)
  const aside = (
    <>
      {stale && <span className="badge badge-warn">stale</span>}
      {updatedAt !== undefined && <span className="muted">updated {new Date(updatedAt).toLocaleTimeString()}</span>}
    </>
  )
  return (
    <Panel title="Snapshot" aside={aside}>
      {error && <Notice kind="error">Status unavailable: {error}</Notice>}
      {status ? (
        <>
          <div className="figures">
            <Figure label="ads in memory" value={formatInteger(status.size)} />
            {status.bytes !== undefined && <Figure label="snapshot memory" value={formatBytes(status.bytes)} />}
            <Figure
              label="staleness"
              value={status.stalenessSeconds === null ? 'never refreshed' : formatDuration(status.stalenessSeconds)}
              title={stale ? `more than twice the refresh interval (${status.refreshIntervalSeconds} s)` : undefined}
              {...(stale ? { tone: 'warn' as const } : {})}
            />
            <Figure label="refresh every" value={formatDuration(status.refreshIntervalSeconds)} />
            <Figure label="last refresh" value={formatAgo(status.lastRefreshAt)} title={formatTime(status.lastRefreshAt)} />
            <Figure label="first loaded" value={formatAgo(status.loadedAt)} title={formatTime(status.loadedAt)} />
            <Figure label="max ids per request" value={formatInteger(status.maxIds)} />
          </div>
          {status.lastRefreshError && <Notice kind="error">Last refresh failed (the old snapshot keeps serving): {status.lastRefreshError}</Notice>}
        </>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
    </Panel>
  )
}
