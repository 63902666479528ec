import type { FastifyError } from 'fastify'
import { intervalProblem, normalizeRegex, urlProblem, type WebsiteInput } from '../website.ts'
import { regexProblem } from '../regex-syntax.ts'

/** An error the original interface reports FastAPI's way: `{"detail": …}`. */
export class FastApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detail: unknown,
  ) {
    super(typeof detail === 'string' ? detail : 'invalid request')
  }
}

interface FastApiIssue {
  loc: Array<string | number>
  msg: string
  type: string
}

function issue(field: string, msg: string, type = 'value_error'): FastApiIssue {
  return { loc: ['body', field], msg, type }
}

/** Fastify's schema errors in FastAPI's 422 shape. */
export function fastApiValidation(error: FastifyError): { detail: FastApiIssue[] } {
  const where = error.validationContext ?? 'body'
  return {
    detail: (error.validation ?? []).map((v) => {
      const path = v.instancePath.split('/').filter(Boolean)
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty
      return { loc: [where === 'querystring' ? 'query' : where, ...path, ...(missing ? [missing] : [])], msg: v.message ?? 'is invalid', type: missing ? 'missing' : 'value_error' }
    }),
  }
}

/** The original's rules beyond the schema: an absolute http(s) url, 5..300, a regex that compiles. */
export function checkOriginalBody(body: { website_url: string; monitoring_interval: number; regex?: string | null | undefined }): WebsiteInput {
  const issues: FastApiIssue[] = []
  const url = urlProblem(body.website_url)
  if (url) issues.push(issue('website_url', `website_url ${url}`))
  const interval = intervalProblem(body.monitoring_interval)
  if (interval) issues.push(issue('monitoring_interval', `monitoring_interval ${interval}`))
  const regex = normalizeRegex(body.regex)
  const bad = regex === null ? undefined : regexProblem(regex)
  if (bad) issues.push(issue('regex', `regex ${bad}`))
  if (issues.length > 0) throw new FastApiError(422, issues)
  return { url: body.website_url, intervalSeconds: body.monitoring_interval, regex }
}
