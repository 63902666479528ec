import createError from '@fastify/error'

/**
 * Errors carry a stable code and an HTTP status; the one error handler turns them into
 * `{"error":{"code","message","details"}}`. Codes are prefixed per service
 * (`CTR_TOO_MANY_IDS`), the kit's own with `FLOTILLA_`.
 */
export { createError }

export const NotFoundError = createError<[string]>('FLOTILLA_NOT_FOUND', '%s', 404)
export const BadRequestError = createError<[string]>('FLOTILLA_BAD_REQUEST', '%s', 400)
export const UnauthorizedError = createError<[string]>('FLOTILLA_UNAUTHORIZED', '%s', 401)
export const ForbiddenError = createError<[string]>('FLOTILLA_FORBIDDEN', '%s', 403)
export const ConflictError = createError<[string]>('FLOTILLA_CONFLICT', '%s', 409)
export const PayloadTooLargeError = createError<[string]>('FLOTILLA_PAYLOAD_TOO_LARGE', '%s', 413)
export const UnavailableError = createError<[string]>('FLOTILLA_UNAVAILABLE', '%s', 503)

/** Extra, client-safe detail attached to an error (e.g. the line of a bad CSV row). */
export function withDetails<E extends Error>(error: E, details: Record<string, unknown>): E {
  return Object.assign(error, { details })
}
