import type { Kysely } from 'kysely'
import Type from 'typebox'
import type { Clock } from '../../kit/clock.ts'
import type { Server } from '../../kit/http/create-server.ts'
import { deleteEstimate } from './delete-estimate.ts'
import { AdNotFoundError, BadCsvError } from './errors.ts'
import { EstimateInput, checkEstimate } from './estimate.ts'
import { importEstimates, importEstimatesCsv } from './import-estimates.ts'
import type { CtrTables } from './repository.ts'
import type { Snapshot } from './snapshot.ts'
import { withDetails } from '../../kit/http/errors.ts'

const IMPORT_BODY_LIMIT = 64 * 1024 * 1024

const Status = Type.Object({
  size: Type.Integer(),
  bytes: Type.Integer(),
  loadedAt: Type.Union([Type.Number(), Type.Null()]),
  lastRefreshAt: Type.Union([Type.Number(), Type.Null()]),
  stalenessSeconds: Type.Union([Type.Number(), Type.Null()]),
  refreshIntervalSeconds: Type.Number(),
  lastRefreshError: Type.Union([Type.String(), Type.Null()]),
  maxIds: Type.Integer(),
})
const EstimateReply = Type.Object({ adId: Type.Integer(), estimatedCVR: Type.Number() })
const AdIdParams = Type.Object({ adId: Type.Integer({ minimum: 0 }) })
const JsonImport = Type.Object({
  estimates: Type.Array(EstimateInput, { maxItems: 1_000_000 }),
})

export interface ApiDeps {
  db: Kysely<CtrTables>
  snapshot: Snapshot
  clock: Clock
  maxIds: number
}

/** The API beyond the original: single lookups, status, the authenticated bulk upsert and delete. */
export function apiRoutes(deps: ApiDeps) {
  const { db, snapshot, clock } = deps
  return async function routes(app: Server): Promise<void> {
    app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body))

    app.get('/api/ctr/status', { schema: { tags: ['ctr'], summary: 'The in-memory snapshot: size, freshness, last error', response: { 200: Status } } }, async () => ({
      ...snapshot.status(),
      maxIds: deps.maxIds,
    }))

    app.get(
      '/api/ctr/estimates/:adId',
      { schema: { tags: ['ctr'], summary: 'One ad\u2019s estimate, from the snapshot', params: AdIdParams, response: { 200: EstimateReply } } },
      async (request) => {
        const value = snapshot.get(request.params.adId)
        if (value === -1) throw new AdNotFoundError(request.params.adId)
        return { adId: request.params.adId, estimatedCVR: value }
      },
    )

    app.post(
      '/api/ctr/estimates',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['ctr'],
          summary: 'Bulk upsert: a CSV (text/csv, header adId,estimatedCVR) or JSON; all or nothing',
          security: [{ bearer: [] }],
          body: Type.Union([JsonImport, Type.Unsafe<Buffer>({ type: 'string', format: 'binary' })]),
          response: { 200: Type.Object({ imported: Type.Integer() }) },
        },
        validatorCompiler: () => () => true,
      },
      async (request) => {
        let imported: number
        if (Buffer.isBuffer(request.body)) {
          imported = await importEstimatesCsv(db, request.body, clock.now())
        } else {
          const list = (request.body as { estimates?: unknown } | undefined)?.estimates
          if (!Array.isArray(list)) throw new BadCsvError('body must be text/csv or {"estimates":[{"adId","estimatedCVR"}]}')
          const estimates = list.map((item: { adId?: unknown; estimatedCVR?: unknown } | null, index) => {
            const adId = Number(item?.adId)
            const estimatedCvr = typeof item?.estimatedCVR === 'number' ? item.estimatedCVR : Number.NaN
            const problem = checkEstimate(typeof item?.adId === 'number' ? adId : Number.NaN, estimatedCvr)
            if (problem) throw withDetails(new BadCsvError(`estimates[${index}].${problem.field} ${problem.reason}`), { index, field: problem.field })
            return { adId, estimatedCvr }
          })
          imported = await importEstimates(db, estimates, clock.now())
        }
        await snapshot.refresh()
        return { imported }
      },
    )

    app.delete(
      '/api/ctr/estimates/:adId',
      {
        schema: {
          tags: ['ctr'],
          summary: 'Delete one ad\u2019s estimate: /predict answers -1 for it here at once, in other processes by their next refresh',
          security: [{ bearer: [] }],
          params: AdIdParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const { adId } = request.params
        if (!(await deleteEstimate({ db, snapshot }, adId, clock.now()))) throw new AdNotFoundError(adId)
        return reply.code(204).send(null)
      },
    )
  }
}
