import { ApiError, errorMessage } from '../api.ts'
import { Link, currentRoute } from '../router.tsx'
import { Notice } from './panel.tsx'

export function needsLogin(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401
}

/** A failed load: a way to log in when the token is what is missing, the message otherwise. */
export function LoadError({ error, what }: { error: unknown; what: string }) {
  if (needsLogin(error)) {
    return (
      <div className="panel login-needed">
        <p>
          This Flotilla listens beyond loopback, so {what} needs the token.{' '}
          <Link to={`/login?next=${encodeURIComponent(currentRoute())}`}>Log in</Link> with it (it was printed at start and is kept in the data directory), or send{' '}
          <code>Authorization: Bearer …</code>.
        </p>
      </div>
    )
  }
  return <Notice kind="error">{errorMessage(error)}</Notice>
}
