import { Link } from '../router.tsx'
import type { PlatformInfo } from '../platform.tsx'

function AuthBadge({ auth }: { auth: PlatformInfo['auth'] }) {
  if (!auth.enabled) return <span className="badge badge-dark" title="Bound to loopback: no token needed">open</span>
  return auth.authenticated ? (
    <span className="badge badge-ok">signed in</span>
  ) : (
    <span className="badge badge-warn" title="Writes need the token">read-only</span>
  )
}

export function Header({ info }: { info: PlatformInfo | undefined }) {
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⛵
        </span>
        Flotilla
      </Link>
      {info && (
        <div className="header-meta">
          <span className="badge badge-dark">{info.mode}</span>
          <span className="header-dim">role {info.role}</span>
          <span className="header-dim">v{info.version}</span>
          <AuthBadge auth={info.auth} />
        </div>
      )}
    </header>
  )
}
