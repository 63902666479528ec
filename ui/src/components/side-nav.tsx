import { Link } from '../router.tsx'
import type { PlatformInfo } from '../platform.tsx'
import './surfaces.css'

const PLATFORM_PAGES = [
  { to: '/admin', label: 'Admin' },
  { to: '/profiler', label: 'Profiler' },
  { to: '/db', label: 'Database' },
]

const PLATFORM_LINKS = [
  { href: '/', label: 'Landing page' },
  { href: '/docs', label: 'API docs' },
  { href: '/metrics', label: 'Metrics' },
]

export function SideNav({ info }: { info: PlatformInfo | undefined }) {
  return (
    <nav className="side-nav" aria-label="Dashboard">
      <Link to="/" className="nav-link">
        Overview
      </Link>
      <div className="nav-heading">Services</div>
      {info ? (
        info.services.map((service) => (
          <Link key={service.name} to={`/${service.name}`} className="nav-link">
            {service.name}
          </Link>
        ))
      ) : (
        <span className="nav-placeholder">…</span>
      )}
      <div className="nav-heading">Platform</div>
      {PLATFORM_PAGES.map((page) => (
        <Link key={page.to} to={page.to} className="nav-link">
          {page.label}
        </Link>
      ))}
      {PLATFORM_LINKS.map((link) => (
        <a key={link.href} href={link.href} className="nav-link">
          {link.label}
        </a>
      ))}
    </nav>
  )
}
