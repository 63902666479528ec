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

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send({ error: { code: 'FLOTILLA_ROUTE_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } } satisfies ErrorBody)
}
