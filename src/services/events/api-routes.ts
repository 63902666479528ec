import { randomUUID } from 'node:crypto'
import Type from 'typebox'
import type { JobQueue } from '../../kit/jobs/queue.ts'
import type { JobRecord } from '../../kit/jobs/types.ts'
import type { Server } from '../../kit/http/create-server.ts'
import { NoProviderError } from './errors.ts'
import { FETCH_JOB } from './fetch-job.ts'
import type { LiveIndex } from './live-index.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

const Fetch = Type.Object({
  jobId: Type.Integer(),
  status: Type.String(),
  createdAt: Type.Number(),
  finishedAt: Nullable(Type.Number()),
  report: Type.Unknown({ description: 'what the ingestion did (IngestReport), when it succeeded' }),
  error: Nullable(Type.String()),
})
const Status = Type.Object({
  provider: Type.Object({
    configured: Type.Boolean(),
    host: Nullable(Type.String()),
    schedule: Type.String(),
    timeZone: Type.String(),
    timeoutSeconds: Type.Number(),
    maxFeedMb: Type.Number(),
  }),
  index: Nullable(
    Type.Object({
      size: Type.Integer(),
      revision: Type.Integer(),
      loadedAt: Nullable(Type.Number()),
      lastRefreshAt: Nullable(Type.Number()),
      lastRefreshError: Nullable(Type.String()),
      lastRefreshMs: Nullable(Type.Number()),
    }),
  ),
  lastFetch: Nullable(Fetch),
  lastSuccess: Nullable(Fetch),
  searchMaxLimit: Type.Integer(),
})

export interface ApiDeps {
  jobs: JobQueue
  index: LiveIndex | undefined
  provider: { url: string | undefined; schedule: string; timeZone: string; timeoutSeconds: number; maxFeedMb: number }
  searchMaxLimit: number
}

function fetchOf(job: JobRecord | undefined) {
  if (!job) return null
  return {
    jobId: job.id,
    status: job.status,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    report: job.status === 'succeeded' ? job.result : null,
    error: job.error,
  }
}

/** Beyond the originals: what the dashboard shows, and a fetch on demand. */
export function apiRoutes(deps: ApiDeps) {
  return async function routes(app: Server): Promise<void> {
    app.get(
      '/api/events/status',
      { schema: { tags: ['events'], summary: 'Provider settings, the last fetch and its outcome, the search index', response: { 200: Status } } },
      async () => {
        const recent = await deps.jobs.list({ type: FETCH_JOB, limit: 50 })
        const { url, ...provider } = deps.provider
        return {
          provider: { ...provider, configured: url !== undefined, host: url === undefined ? null : new URL(url).host },
          index: deps.index?.status() ?? null,
          lastFetch: fetchOf(recent.find((j) => j.status !== 'queued')),
          lastSuccess: fetchOf(recent.find((j) => j.status === 'succeeded')),
          searchMaxLimit: deps.searchMaxLimit,
        }
      },
    )

    app.post(
      '/api/events/fetch',
      {
        schema: {
          tags: ['events'],
          summary: 'Fetch the provider feed now (as a job; a fetch already waiting is reused)',
          security: [{ bearer: [] }],
          response: { 202: Type.Object({ jobId: Type.Integer(), created: Type.Boolean() }) },
        },
      },
      async (_request, reply) => {
        if (deps.provider.url === undefined) throw new NoProviderError()
        const waiting = await deps.jobs.findActiveByKeyPrefix(FETCH_JOB, 'manual:')
        if (waiting?.status === 'queued') return reply.code(202).send({ jobId: waiting.id, created: false })
        const { id, created } = await deps.jobs.enqueue(FETCH_JOB, {}, { key: `manual:${randomUUID()}` })
        return reply.code(202).send({ jobId: id, created })
      },
    )
  }
}
