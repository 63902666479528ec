import { Link } from '../router.tsx'
import { usePlatform } from '../platform.tsx'
import { servicePages } from './service-pages.ts'

export function HomePage() {
  const { info } = usePlatform()
  return (
    <>
      <h1>Overview</h1>
      <p className="lead">
        One code base, {info ? info.services.length : 'its'} services on one kit
        {info && (
          <>
            , running <strong>{info.mode}</strong> as role <strong>{info.role}</strong>
          </>
        )}
        .
      </p>
      <div className="card-grid">
        {info?.services.map((service) => (
          <Link key={service.name} to={`/${service.name}`} className="service-card">
            <span className="service-card-name">{service.name}</span>
            <span className="service-card-text">{service.description}</span>
            {servicePages[service.name] ? (
              <span className="service-card-foot">Open page →</span>
            ) : (
              <span className="service-card-foot muted">Page coming soon</span>
            )}
          </Link>
        ))}
      </div>
      <h2 className="section-title">Platform</h2>
      <ul className="link-list">
        <li>
          <a href="/">Landing page</a> — the live architecture of this deployment
        </li>
        <li>
          <a href="/docs">API docs</a> — every endpoint, from the OpenAPI document (<a href="/openapi.json">/openapi.json</a>)
        </li>
        <li>
          <a href="/metrics">Metrics</a> — Prometheus text exposition
        </li>
      </ul>
    </>
  )
}
