import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { unavailable } from '../../kit/http/error-handler.ts'
import { DiskFullError } from './storage.ts'

/**
 * The original's error shape, `{"error": "…"}`, for its routes: clients written for it
 * read that key. 5xx replies never carry internals; the log has them, under the request id.
 */
export function originalErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DiskFullError) {
    void reply.code(507).send({ error: error.message })
    return
  }
  if (unavailable(error)) {
    request.log.warn({ err: error, reqId: request.id }, 'the database is unavailable')
    void reply.code(503).header('retry-after', '5').send({ error: 'the database is unavailable; try again shortly' })
    return
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
  if (status === 500) {
    request.log.error({ err: error, reqId: request.id }, 'request failed')
    void reply.code(500).send({ error: `internal error (request ${request.id})` })
    return
  }
  void reply.code(status).send({ error: error.validation ? `${error.validationContext ?? 'request'} ${error.validation[0]?.message ?? 'is invalid'}` : error.message })
}
