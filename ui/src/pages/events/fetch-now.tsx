import { Notice } from '../../components/panel.tsx'
import type { FetchNowState } from './use-events-feed.ts'

interface FetchButtonProps {
  state: FetchNowState
  needsLogin: boolean
  configured: boolean
}

/** Fetch now, disabled (and saying why) when writes need a login or there is no provider. */
export function FetchButton({ state, needsLogin, configured }: FetchButtonProps) {
  const working = state.busy || state.pendingJob !== undefined
  const title = needsLogin ? 'Log in to fetch' : configured ? 'Fetch the provider feed now instead of waiting for the schedule' : 'EVENTS_PROVIDER_URL is not set'
  return (
    <>
      {needsLogin && <span className="badge badge-warn">Log in to write</span>}
      <button type="button" className="button button-small" disabled={needsLogin || !configured || working} title={title} onClick={() => void state.fetchNow()}>
        {working ? 'Fetching…' : 'Fetch now'}
      </button>
    </>
  )
}

export function FetchOutcome({ state }: { state: FetchNowState }) {
  return state.outcome ? <Notice kind={state.outcome.kind}>{state.outcome.text}</Notice> : null
}
