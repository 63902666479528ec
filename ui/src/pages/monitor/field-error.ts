import { ApiError, errorMessage } from '../../api.ts'

export type FormField = 'url' | 'intervalSeconds' | 'regex' | 'regexMustMatch'
const FIELDS = new Set<string>(['url', 'intervalSeconds', 'regex', 'regexMustMatch'])

export interface FormError {
  /** The field the API named, to show the message beside it; absent: about the whole form. */
  field?: FormField
  message: string
}

/**
 * Where a refused write goes in the form. The service names the field in
 * `details.field` (`MONITOR_BAD_WEBSITE`, `MONITOR_WEBSITE_EXISTS`); a schema error names
 * it in its message (`body.intervalSeconds must be >= 5`).
 */
export function formError(error: unknown): FormError {
  const message = errorMessage(error)
  if (!(error instanceof ApiError)) return { message }
  const named = error.details?.field
  if (typeof named === 'string' && FIELDS.has(named)) return { field: named as FormField, message }
  const schema = /^body\.(\w+)\s+(.*)$/s.exec(message)
  if (schema && FIELDS.has(schema[1]!)) return { field: schema[1] as FormField, message: `${schema[1]} ${schema[2]}` }
  return { message }
}
