/** `GET /api/ctr/status`: the serving snapshot of this process. */
export interface CtrStatus {
  size: number
  /** Memory the snapshot holds, when the server reports it. */
  bytes?: number
  loadedAt: number | null
  lastRefreshAt: number | null
  stalenessSeconds: number | null
  refreshIntervalSeconds: number
  lastRefreshError: string | null
  maxIds: number
}

/** `POST /predict` answer: one key per distinct id; -1 for an unknown ad. */
export type PredictResult = Record<string, { estimatedCVR: number }>

/** `POST /api/ctr/estimates` answer. */
export interface ImportResult {
  imported: number
}
