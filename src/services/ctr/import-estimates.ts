import type { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import { readEstimatesCsv } from './csv-import.ts'
import type { Estimate } from './estimate.ts'
import { upsertEstimates, type CtrTables } from './repository.ts'

/**
 * Imports a CSV in one transaction: a bad line anywhere leaves the table as it was.
 * Returns the number of rows read.
 */
export async function importEstimatesCsv(db: Kysely<CtrTables>, input: Readable | string | Buffer, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let count = 0
    for await (const batch of readEstimatesCsv(input)) {
      await upsertEstimates(trx, batch, now)
      count += batch.length
    }
    return count
  })
}

export async function importEstimates(db: Kysely<CtrTables>, estimates: readonly Estimate[], now: number): Promise<number> {
  await db.transaction().execute((trx) => upsertEstimates(trx, estimates, now))
  return estimates.length
}
