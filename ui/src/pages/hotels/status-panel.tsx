import { formatInteger } from '../../format.ts'
import { Figure } from '../../components/figure.tsx'
import { Notice, Panel } from '../../components/panel.tsx'
import type { HotelsStatus } from './types.ts'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** A source on this machine is the demo site, unless someone serves a copy of the real one locally. */
function DemoHint({ source }: { source: string }) {
  const url = new URL(source)
  if (!LOOPBACK.has(url.hostname)) return null
  const port = url.port === '' || url.port === '8090' ? '' : ` --port ${url.port}`
  return (
    <Notice kind="info">
      The source is on this machine: the demo site, which serves generated cities in the original site&apos;s markup (every name finds a city). If searches fail to reach it, start it with{' '}
      <code>npx flotilla demo-site{port}</code>.
    </Notice>
  )
}

interface StatusPanelProps {
  status: HotelsStatus | undefined
  error: string | undefined
  updatedAt: number | undefined
}

/** `GET /api/hotels/status`: what is stored, what is running, and how politely the source is scraped. */
export function StatusPanel({ status, error, updatedAt }: StatusPanelProps) {
  const aside = updatedAt !== undefined && <span className="muted">updated {new Date(updatedAt).toLocaleTimeString()}</span>
  return (
    <Panel title="Source" aside={aside}>
      {error && <Notice kind="error">Status unavailable: {error}</Notice>}
      {status ? (
        <>
          <div className="figures">
            <Figure label="hotels stored" value={formatInteger(status.stored)} title="hotels saved from selections, served by /hotels/api/drf/hotels/" />
            <Figure label="searches running" value={formatInteger(status.searchesRunning)} />
            <Figure label="requests at once" value={formatInteger(status.concurrencyPerHost)} title="HOTELS_CONCURRENCY_PER_HOST: requests in flight to the source, per process" />
            <Figure label="parse threads" value={status.parseThreads === 0 ? 'none' : formatInteger(status.parseThreads)} title={status.parseThreads === 0 ? 'pages are parsed on the event loop' : 'worker threads parsing pages off the event loop'} />
          </div>
          <p className="meta-line">
            <span>
              source <strong>{status.source}</strong>
            </span>
            <span>
              rate limit <strong>{status.ratePerSecond === 0 ? 'none' : `${status.ratePerSecond}/s`}</strong>
            </span>
            <span>
              timeout <strong>{formatInteger(status.timeoutMs)} ms</strong>
            </span>
            <span>
              at most <strong>{formatInteger(status.maxPages)}</strong> pages a search
            </span>
            <span>
              robots.txt <strong>{status.respectRobots ? 'honoured' : 'ignored'}</strong>
            </span>
          </p>
          <DemoHint source={status.source} />
        </>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
    </Panel>
  )
}
