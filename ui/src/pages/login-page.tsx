import { useState, type FormEvent } from 'react'
import { ApiError, api, errorMessage } from '../api.ts'
import { Notice, Panel } from '../components/panel.tsx'
import '../components/surfaces.css'
import { usePlatform } from '../platform.tsx'
import { Link, href } from '../router.tsx'

/** Where to go after logging in: a dashboard route from `?next=`, never another site. */
function nextRoute(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '/'
  return next.startsWith('/') && !next.startsWith('//') ? next : '/'
}

/** `/ui/login`: trades the token for a session cookie (HttpOnly; the page never holds it). */
export function LoginPage() {
  const { info } = usePlatform()
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await api.post('/api/auth/login', { token: token.trim() })
      // A full load, so every part of the page learns it is signed in.
      window.location.assign(href(nextRoute()))
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That is not the token.' : errorMessage(err))
      setBusy(false)
    }
  }

  if (info && !info.auth.enabled) {
    return (
      <>
        <h1>Log in</h1>
        <Notice kind="info">This Flotilla listens on loopback, so everything is open: no token needed.</Notice>
        <p>
          <Link to={nextRoute()}>Continue</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>Log in</h1>
      <p className="lead">
        Writes, the admin, the profiler and the database browser need the token: <code>FLOTILLA_TOKEN</code>, or the one printed at the first start and kept in the data directory
        (<code>data/token</code>).
      </p>
      <Panel title={info?.auth.authenticated ? 'You are logged in' : 'Token'}>
        <form className="login-box" onSubmit={(event) => void submit(event)}>
          <div className="form-row">
            <label className="sr-only" htmlFor="token">
              Token
            </label>
            <input id="token" className="input grow" type="password" autoComplete="current-password" value={token} onChange={(event) => setToken(event.target.value)} placeholder="Token" required />
            <button className="button" type="submit" disabled={busy || token.trim() === ''}>
              {busy ? 'Logging in…' : 'Log in'}
            </button>
          </div>
        </form>
        {error && <Notice kind="error">{error}</Notice>}
      </Panel>
    </>
  )
}
