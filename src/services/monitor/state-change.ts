import type { ErrorKind } from './check.ts'
import type { WebsiteState } from './website.ts'

/** Published on the bus whenever a website's state changes. */
export const STATE_CHANGED_TOPIC = 'monitor.state-changed'

export interface StateChange {
  websiteId: number
  url: string
  from: WebsiteState
  to: WebsiteState
  /** When the check that decided it started. */
  at: number
  status: number | null
  error: ErrorKind | null
}

export interface StoredStateChange extends StateChange {
  id: number
}

/** What counts for an alert: going down, and coming back from down (not a first "up"). */
export function isAlert(change: Pick<StateChange, 'from' | 'to'>): boolean {
  return change.to === 'down' || change.from === 'down'
}

/**
 * Up on any good check; down after `threshold` failed checks in a row. Returns the new
 * state when it changed. The streak lives in memory: no check reads history back.
 */
export function nextState(current: { state: WebsiteState; failStreak: number }, up: boolean, threshold: number): WebsiteState | undefined {
  if (up) {
    current.failStreak = 0
    if (current.state === 'up') return undefined
    current.state = 'up'
    return 'up'
  }
  current.failStreak += 1
  if (current.failStreak < threshold || current.state === 'down') return undefined
  current.state = 'down'
  return 'down'
}
