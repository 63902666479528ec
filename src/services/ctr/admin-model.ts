import type { Kysely } from 'kysely'
import type { AdminModel, AdminRow } from '../../kit/admin/admin-model.ts'
import type { Clock } from '../../kit/clock.ts'
import { deleteEstimate } from './delete-estimate.ts'
import { EstimateInput } from './estimate.ts'
import { importEstimates } from './import-estimates.ts'
import { findEstimate, listEstimates, type CtrTables, type StoredEstimate } from './repository.ts'
import type { Snapshot } from './snapshot.ts'

const row = (e: StoredEstimate): AdminRow => ({ adId: e.adId, estimatedCVR: e.estimatedCvr, updatedAt: e.updatedAt })

/**
 * ctr's estimates in the admin. A write goes through the bulk upsert the API uses, a
 * delete through the API's delete, then the snapshot refreshes, so that /predict answers
 * the change at once.
 */
export function estimatesAdmin(deps: { db: Kysely<CtrTables>; snapshot: Snapshot; clock: Clock }): AdminModel {
  const { db, snapshot, clock } = deps
  const save = async (adId: number, estimatedCvr: number): Promise<AdminRow> => {
    await importEstimates(db, [{ adId, estimatedCvr }], clock.now())
    await snapshot.refresh()
    const saved = await findEstimate(db, adId)
    if (!saved) throw new Error(`estimate ${adId} vanished after it was written`)
    return row(saved)
  }
  return {
    name: 'estimates',
    label: 'Estimates',
    description: 'The estimated CTR of each ad, as /predict serves it.',
    table: 'ctr_estimate',
    key: 'adId',
    columns: [
      { name: 'adId', label: 'ad id', type: 'integer' },
      { name: 'estimatedCVR', type: 'number', editable: true },
      { name: 'updatedAt', label: 'updated', type: 'timestamp' },
    ],
    schema: EstimateInput,
    async list(query) {
      const page = await listEstimates(db, query)
      return { rows: page.rows.map(row), total: page.total }
    },
    async get(adId) {
      const found = await findEstimate(db, Number(adId))
      return found ? row(found) : undefined
    },
    create: (input) => save(input.adId as number, input.estimatedCVR as number),
    update: (adId, changes) => save(Number(adId), changes.estimatedCVR as number),
    async delete(adId) {
      await deleteEstimate({ db, snapshot }, Number(adId), clock.now())
    },
    notes: 'A deleted ad answers -1 in /predict at once here, and in every other serving process by its next refresh. Creating it again brings it back.',
  }
}
