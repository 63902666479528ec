import type { Server } from './create-server.ts'
import Type from 'typebox'

/** Resolves when the dependency answers; rejects (or times out) when it does not. */
export type ReadinessCheck = () => Promise<void>

const CHECK_TIMEOUT_MS = 2_000

function withTimeout(check: ReadinessCheck): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS)
    check().then(resolve, reject).finally(() => clearTimeout(timer))
  })
}

const Health = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) })

export function registerHealth(app: Server, checks: Record<string, ReadinessCheck>): void {
  app.get('/healthz', { schema: { tags: ['platform'], summary: 'The process is alive', response: { 200: Health } } }, async () => ({ status: 'ok' }))
  app.get(
    '/readyz',
    { schema: { tags: ['platform'], summary: 'The database and broker are reachable', response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const results: Record<string, string> = {}
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check)
            results[name] = 'ok'
          } catch {
            results[name] = 'unavailable'
          }
        }),
      )
      const ready = Object.values(results).every((r) => r === 'ok')
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: results })
    },
  )
}
