import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

/**
 * The one mapping from errors to HTTP. Our errors and Fastify's own 4xx carry safe
 * messages; anything else (a database or library error) becomes an opaque 500 whose
 * details stay in the log, tied to the request id the client sees.
 */
export function errorHandler(error: FastifyError & { details?: unknown }, request: FastifyRequest, reply: FastifyReply): void {
  if (error.validation) {
    const first = error.validation[0]
    const field = first ? `${error.validationContext ?? 'request'}${first.instancePath || ''}`.replace(/\//g, '.') : error.validationContext
    void reply.code(400).send({
      error: {
        code: 'FLOTILLA_VALIDATION',
        message: `${field} ${first?.message ?? 'is invalid'}`,
        details: error.validation.map((v) => ({ path: v.instancePath, message: v.message, params: v.params })),
      },
    } satisfies ErrorBody)
    return
  }
  if (unavailable(error)) {
    request.log.warn({ err: error, reqId: request.id }, 'request failed: the database is unreachable')
    void reply
      .code(503)
      .header('retry-after', '5')
      .send({ error: { code: 'FLOTILLA_DATABASE_UNAVAILABLE', message: 'the database is unavailable; try again shortly' } } satisfies ErrorBody)
    return
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
  const ours = typeof error.code === 'string' && /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(error.code) && !error.code.startsWith('ERR_')
  if (status >= 500 && !(ours && status === 503)) {
    request.log.error({ err: error, reqId: request.id }, 'request failed')
    void reply.code(status).send({ error: { code: 'FLOTILLA_INTERNAL', message: `internal error (request ${request.id})` } } satisfies ErrorBody)
    return
  }
  if (status === 503 || status === 429) void reply.header('retry-after', '5')
  void reply.code(status).send({
    error: {
      code: ours ? error.code : 'FLOTILLA_BAD_REQUEST',
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    },
  } satisfies ErrorBody)
}

/** Socket errors of a connection that cannot be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/** pg's own, for a connection that was cut or could not be made in time. */
const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/

/**
 * A database that is down or restarting, as pg reports it: a socket error, a cut
 * connection, or SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server
 * shutting down or starting up). Routes reach the database and no other service with an
 * error that escapes them (outbound HTTP is wrapped in the services' own errors).
 */
export function unavailable(error: { code?: unknown; message?: unknown; statusCode?: unknown }): boolean {
  if (error.statusCode !== undefined) return false
  const code = typeof error.code === 'string' ? error.code : ''
  if (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)) return true
  return typeof error.message === 'string' && PG_CONNECTION_MESSAGES.test(error.message)
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send({ error: { code: 'FLOTILLA_ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } } satisfies ErrorBody)
}
