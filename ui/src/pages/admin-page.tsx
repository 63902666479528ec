import { api } from '../api.ts'
import { LoadError } from '../components/login-notice.tsx'
import { useResource } from '../components/use-resource.ts'
import { navigate, useRoute } from '../router.tsx'
import { ModelView } from './admin/model-view.tsx'
import type { AdminModelInfo } from './admin/types.ts'

const loadModels = (signal: AbortSignal) => api.get<{ models: AdminModelInfo[] }>('/api/admin', { signal })

/** `/ui/admin[/service/model]`: the tables services declare, one at a time. */
export function AdminPage() {
  const route = useRoute()
  const models = useResource(loadModels, 'models')
  const [, , service, name] = route.split('/')
  const list = models.data?.models ?? []
  const current = list.find((m) => m.service === service && m.name === name) ?? list[0]
  return (
    <>
      <h1>Admin</h1>
      <p className="lead">
        The rows of the tables each service declares. Every change goes through the service&rsquo;s own functions, with the same validation as its API.
      </p>
      {models.error !== undefined && <LoadError error={models.error} what="the admin" />}
      {models.data && list.length === 0 && <p className="muted">No running service declares an admin model.</p>}
      {list.length > 1 && (
        <div className="tabs" role="tablist">
          {list.map((m) => (
            <button key={`${m.service}/${m.name}`} type="button" role="tab" className="tab" aria-selected={m === current} onClick={() => navigate(`/admin/${m.service}/${m.name}`)}>
              {m.service} · {m.label}
            </button>
          ))}
        </div>
      )}
      {current && <ModelView key={`${current.service}/${current.name}`} model={current} />}
    </>
  )
}
