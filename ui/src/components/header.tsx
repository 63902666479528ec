import { api } from '../api.ts'
import { Link, currentRoute, href } from '../router.tsx'
import type { PlatformInfo } from '../platform.tsx'

async function logOut(): Promise<void> {
  await api.post('/api/auth/logout', {})
  window.location.assign(href('/'))
}

function AuthBadge({ auth }: { auth: PlatformInfo['auth'] }) {
  if (!auth.enabled) return <span className="badge badge-dark" title="Bound to loopback: no token needed">open</span>
  return auth.authenticated ? (
    <>
      <span className="badge badge-ok">signed in</span>
      <button type="button" className="header-action" onClick={() => void logOut()}>
        Log out
      </button>
    </>
  ) : (
    <>
      <span className="badge badge-warn" title="Writes need the token">read-only</span>
      <Link to={`/login?next=${encodeURIComponent(currentRoute())}`} className="header-action">
        Log in
      </Link>
    </>
  )
}

export function Header({ info }: { info: PlatformInfo | undefined }) {
  return (
    <header className="app-header">
      <Link to="/" className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="#1f2937" />
          <path d="M6 20h20l-4 5H10z" fill="#60a5fa" />
          <path d="M15 6v12H8z" fill="#f9fafb" />
          <path d="M17 9v9h6z" fill="#cbd5e1" />
        </svg>
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
