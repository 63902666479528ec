import type { FastifyInstance } from 'fastify'
import { BadRequestError } from './errors.ts'

/** The path of the first number in `value` that is not finite, or undefined. */
function nonFinite(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path
  if (value === null || typeof value !== 'object' || depth > 64) return undefined
  // Parsed JSON and query strings only: a body left as a stream (an upload) or bytes is not data to walk.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinite(value[i], `${path}[${i}]`, depth + 1)
      if (found) return found
    }
    return undefined
  }
  for (const key in value) {
    const found = nonFinite((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * Ajv coerces the strings "Infinity" and "1e309" to Infinity and checks minimum and
 * maximum only on finite numbers, so a schema alone lets them through to SQL (a 500) or
 * into stored rows that no later read can serialize. JSON has no such numbers: after
 * validation, any that appears in the params, query or body is refused, naming the field.
 */
export function refuseNonFiniteNumbers(app: FastifyInstance<any, any, any, any, any>): void {
  app.addHook('preHandler', (request, _reply, done) => {
    const found = nonFinite(request.params, 'params') ?? nonFinite(request.query, 'querystring') ?? nonFinite(request.body, 'body')
    done(found ? new BadRequestError(`${found} must be a finite number`) : undefined)
  })
}
