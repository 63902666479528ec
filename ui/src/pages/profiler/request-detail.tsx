import { api } from '../../api.ts'
import { LoadError } from '../../components/login-notice.tsx'
import { Panel } from '../../components/panel.tsx'
import { useResource } from '../../components/use-resource.ts'
import { Link } from '../../router.tsx'
import { Status } from './request-list.tsx'
import { ms, type RequestProfile } from './types.ts'

/** One request: what it was, how long it took, and each SQL query it ran, in order. */
export function RequestDetail({ id }: { id: string }) {
  const profile = useResource((signal) => api.get<RequestProfile>(`/api/profiler/requests/${id}`, { signal }), id)
  const p = profile.data
  return (
    <>
      <p>
        <Link to="/profiler">← All requests</Link>
      </p>
      {profile.error !== undefined && <LoadError error={profile.error} what="the profiler" />}
      {p && (
        <>
          <h1>
            <span className="method-tag">{p.method}</span> <code>{p.path}</code>
          </h1>
          <p className="meta-line">
            <span>
              status <strong><Status status={p.status} /></strong>
            </span>
            <span>
              <strong>{ms(p.durationMs)}</strong> ms
            </span>
            <span>
              <strong>{p.queryCount}</strong> queries, <strong>{ms(p.queryMs)}</strong> ms of SQL
            </span>
            <span>
              route <code>{p.route}</code>
            </span>
            <span>{new Date(p.startedAt).toLocaleString()}</span>
            <span>
              request id <code>{p.requestId}</code>
            </span>
          </p>
          <Panel title="SQL queries">
            {p.queries.length === 0 && <p className="muted">This request ran no SQL.</p>}
            <ol className="query-list">
              {p.queries.map((q, i) => (
                <li key={i}>
                  <div className="meta-line">
                    <span>
                      <strong>{ms(q.durationMs)}</strong> ms
                    </span>
                    {q.failed && <span className="badge badge-warn">failed</span>}
                  </div>
                  <pre className="code-block">{q.sql}</pre>
                </li>
              ))}
            </ol>
            {p.queriesDropped > 0 && <p className="muted">…and {p.queriesDropped} more, not kept (the profiler keeps the first of each request).</p>}
          </Panel>
        </>
      )}
    </>
  )
}
