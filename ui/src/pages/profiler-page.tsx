import { api } from '../api.ts'
import { LoadError } from '../components/login-notice.tsx'
import { Panel } from '../components/panel.tsx'
import { useResource } from '../components/use-resource.ts'
import { useRoute } from '../router.tsx'
import { RequestDetail } from './profiler/request-detail.tsx'
import { RequestList, SlowestRoutes } from './profiler/request-list.tsx'
import type { ProfilerState } from './profiler/types.ts'

const load = (signal: AbortSignal) => api.get<ProfilerState>('/api/profiler', { signal })

function Overview() {
  const state = useResource(load, 'profiler', 3000)
  const data = state.data
  const refresh = (
    <button type="button" className="button button-small button-secondary" onClick={state.reload}>
      Refresh
    </button>
  )
  return (
    <>
      <h1>Profiler</h1>
      <p className="lead">Recent requests to this process: route, status, time, and every SQL query they ran. It keeps the last {data?.capacity || 'few hundred'} and refreshes every 3 s.</p>
      {state.error !== undefined && <LoadError error={state.error} what="the profiler" />}
      {data && !data.enabled && (
        <div className="panel empty-state">
          <p>
            The profiler is off in this process (<code>FLOTILLA_PROFILER=off</code>). Start it with <code>FLOTILLA_PROFILER=on</code>, the default, to capture requests.
          </p>
        </div>
      )}
      {data?.enabled && (
        <>
          <Panel title="Slowest routes" aside={refresh}>
            <SlowestRoutes routes={data.slowest} />
          </Panel>
          <Panel title="Recent requests" aside={<span className="muted">{data.requests.length} kept</span>}>
            <RequestList requests={data.requests} />
          </Panel>
        </>
      )}
    </>
  )
}

/** `/ui/profiler` and `/ui/profiler/<id>`. */
export function ProfilerPage() {
  const id = useRoute().split('/')[2]
  return id ? <RequestDetail id={id} /> : <Overview />
}
