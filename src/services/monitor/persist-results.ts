import type { Kysely } from 'kysely'
import type { Bus } from '../../kit/bus/types.ts'
import type { CheckRecord } from './check.ts'
import type { PersistBatch } from './engine/result-writer.ts'
import { insertChecks } from './repository/checks.ts'
import { insertStateChanges } from './repository/state-changes.ts'
import type { MonitorTables } from './repository/tables.ts'
import { setWebsiteStates } from './repository/websites.ts'
import { STATE_CHANGED_TOPIC, type StateChange } from './state-change.ts'

/**
 * One transaction per batch: the checks, the state changes' rows, the websites' new states
 * and the bus events, so an event exists exactly when its change does. Each is one
 * multi-row statement, not one per change: a first interval changes every website.
 */
export function persistResults(db: Kysely<MonitorTables>, bus: Bus): PersistBatch {
  return (checks: CheckRecord[], changes: StateChange[]) =>
    db.transaction().execute(async (trx) => {
      await insertChecks(trx, checks)
      if (changes.length === 0) return
      const ids = await insertStateChanges(trx, changes)
      await setWebsiteStates(trx, changes)
      await bus.publishMany(STATE_CHANGED_TOPIC, changes.map((change, i) => ({ id: ids[i], ...change })), trx)
    })
}
