import type { ReactNode } from 'react'
import { formatAgo, formatInteger, formatMs, formatTime } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { Figure } from '../../components/figure.tsx'
import type { EventsStatus, FetchRun } from './types.ts'

const RESULT: Record<FetchRun['status'], { text: string; tone?: 'warn' | 'bad' }> = {
  queued: { text: 'queued' },
  running: { text: 'running…' },
  succeeded: { text: 'success' },
  failed: { text: 'failed', tone: 'bad' },
  cancelled: { text: 'interrupted', tone: 'warn' },
}

function endOf(run: FetchRun): number {
  return run.finishedAt ?? run.createdAt
}

function Provider({ provider }: { provider: EventsStatus['provider'] }) {
  return (
    <p className="meta-line">
      <span>
        provider <strong>{provider.host ?? 'not configured'}</strong>
      </span>
      <span>
        schedule <strong>{provider.schedule}</strong>
      </span>
      <span>
        feed times read in <strong>{provider.timeZone}</strong>
      </span>
      <span>
        timeout <strong>{provider.timeoutSeconds} s</strong>
      </span>
      <span>
        size cap <strong>{provider.maxFeedMb} MiB</strong>
      </span>
    </p>
  )
}

function Figures({ status }: { status: EventsStatus }) {
  const { lastFetch, lastSuccess, index } = status
  const result = lastFetch ? RESULT[lastFetch.status] : undefined
  const report = lastSuccess?.report ?? null
  const failedSince = lastFetch && lastFetch.status !== 'succeeded' && lastSuccess
  return (
    <div className="figures">
      <Figure label="last fetch" value={lastFetch ? formatAgo(endOf(lastFetch)) : 'none yet'} title={lastFetch ? formatTime(endOf(lastFetch)) : undefined} />
      <Figure label="result" value={result?.text ?? '–'} tone={result?.tone} />
      {failedSince && <Figure label="last success" value={formatAgo(endOf(lastSuccess))} title={formatTime(endOf(lastSuccess))} tone="warn" />}
      <Figure
        label="events stored"
        value={index ? formatInteger(index.size) : '–'}
        title="every event ever on sale online, all of them served by /search (with the values last seen online)"
      />
      {report && (
        <>
          <Figure label="online in last feed" value={`${formatInteger(report.onlineEvents)} of ${formatInteger(report.events)}`} title={`${formatInteger(report.baseEvents)} base_events in the feed`} />
          <Figure label="new / updated" value={`${formatInteger(report.inserted)} / ${formatInteger(report.updated)}`} title={`${formatInteger(report.unchanged)} unchanged`} />
          <Figure label="fetch took" value={formatMs(report.durationMs)} />
          {report.skippedBaseEvents > 0 && <Figure label="base_events skipped" value={formatInteger(report.skippedBaseEvents)} title="malformed, left out; the rest of the feed landed" tone="warn" />}
        </>
      )}
    </div>
  )
}

interface StatusPanelProps {
  status: EventsStatus | undefined
  error: string | undefined
  updatedAt: number | undefined
  /** The Fetch now control, at the head of the panel. */
  action: ReactNode
  children?: ReactNode
}

/** The provider feed: the last fetch and its outcome, and what the search index holds. */
export function StatusPanel({ status, error, updatedAt, action, children }: StatusPanelProps) {
  const aside = (
    <>
      {updatedAt !== undefined && <span className="muted">updated {new Date(updatedAt).toLocaleTimeString()}</span>}
      {action}
    </>
  )
  const failed = status?.lastFetch?.status === 'failed' ? status.lastFetch : undefined
  return (
    <Panel title="Provider feed" aside={aside}>
      {error && <Notice kind="error">Status unavailable: {error}</Notice>}
      {status ? (
        <>
          <Figures status={status} />
          <Provider provider={status.provider} />
          {!status.provider.configured && <Notice kind="info">EVENTS_PROVIDER_URL is not set: nothing is fetched, and the stored events are served as they are.</Notice>}
          {failed && (
            <Notice kind="error">
              Last fetch failed: {failed.error ?? 'no reason recorded'}. The stored events are unchanged; the next scheduled fetch tries again.
            </Notice>
          )}
          {status.index?.lastRefreshError && <Notice kind="error">The search index could not load the latest events (it keeps serving the previous ones): {status.index.lastRefreshError}</Notice>}
        </>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
      {children}
    </Panel>
  )
}
