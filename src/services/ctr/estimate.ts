import Type from 'typebox'

/** The domain type: an ad's estimated CTR (the original called it CVR; the wire name stays). */
export interface Estimate {
  adId: number
  estimatedCvr: number
}

export type EstimateProblem = { field: 'adId' | 'estimatedCVR'; reason: string }

/** Ids are safe positive-or-zero integers; values are probabilities in [0, 1]. */
export function checkEstimate(adId: number, estimatedCvr: number): EstimateProblem | undefined {
  if (!Number.isSafeInteger(adId) || adId < 0) return { field: 'adId', reason: 'must be a non-negative integer' }
  if (!Number.isFinite(estimatedCvr) || estimatedCvr < 0 || estimatedCvr > 1) return { field: 'estimatedCVR', reason: 'must be a number in [0, 1]' }
  return undefined
}

/** An estimate on the wire, as the bulk upsert and the admin take it; the same rules as checkEstimate. */
export const EstimateInput = Type.Object({
  adId: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  estimatedCVR: Type.Number({ minimum: 0, maximum: 1 }),
})
