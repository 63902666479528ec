import { Link } from '../router.tsx'

export function PlannedPage({ service }: { service: { name: string; description: string } }) {
  return (
    <>
      <h1>{service.name}</h1>
      <p className="lead">{service.description}</p>
      <div className="panel empty-state">
        <p>This service's dashboard page is on its way. Meanwhile its endpoints are in the <a href="/docs">API docs</a>.</p>
      </div>
    </>
  )
}

export function NotFoundPage({ route }: { route: string }) {
  return (
    <>
      <h1>Not found</h1>
      <p className="lead">
        There is no dashboard page at <code>/ui{route}</code>. Back to the <Link to="/">overview</Link>.
      </p>
    </>
  )
}
