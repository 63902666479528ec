import type { ShownState } from './types.ts'

const TITLES: Record<ShownState, string> = {
  up: 'the last check got a good answer',
  down: 'failed checks in a row reached the threshold',
  unknown: 'not checked yet',
  paused: 'not checked until resumed',
}

export function StateBadge({ state }: { state: ShownState }) {
  return (
    <span className={`badge state-badge state-${state}`} title={TITLES[state]}>
      {state}
    </span>
  )
}
