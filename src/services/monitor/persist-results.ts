import type { Kysely } from 'kysely'
import type { Bus } from '../../kit/bus/types.ts'
import type { CheckRecord } from './check.ts'
import type { PersistBatch } from './engine/result-writer.ts'
import { insertChecks } from './repository/checks.ts'
import { insertStateChange } from './repository/state-changes.ts'
import type { MonitorTables } from './repository/tables.ts'
import { setWebsiteState } from './repository/websites.ts'
import { STATE_CHANGED_TOPIC, type StateChange } from './state-change.ts'

/**
 * One transaction per batch: the checks, and for each state change its row, the
 * website's new state and the bus event, so an event exists exactly when its change does.
 */
export function persistResults(db: Kysely<MonitorTables>, bus: Bus): PersistBatch {
  return (checks: CheckRecord[], changes: StateChange[]) =>
    db.transaction().execute(async (trx) => {
      await insertChecks(trx, checks)
      for (const change of changes) {
        const id = await insertStateChange(trx, change)
        await setWebsiteState(trx, change.websiteId, change.to, change.at)
        await bus.publish(STATE_CHANGED_TOPIC, { id, ...change }, trx)
      }
    })
}
