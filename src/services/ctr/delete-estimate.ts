import type { Kysely } from 'kysely'
import { replaceWithTombstone, type CtrTables } from './repository.ts'
import type { Snapshot } from './snapshot.ts'

/**
 * Deletes an ad's estimate, for the API and the admin alike. The row becomes a tombstone,
 * which other processes' snapshots pick up at their next incremental refresh; this
 * process's refreshes at once, so /predict answers -1 for it as for any unknown ad.
 * Returns false when the ad had no estimate.
 */
export async function deleteEstimate(deps: { db: Kysely<CtrTables>; snapshot: Snapshot }, adId: number, now: number): Promise<boolean> {
  const deleted = await deps.db.transaction().execute((trx) => replaceWithTombstone(trx, adId, now))
  if (deleted) await deps.snapshot.refresh()
  return deleted
}
