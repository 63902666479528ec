import { FetchError } from '../source/fetch-error.ts'
import { PageFormatError } from '../source/page-format-error.ts'
import { CityNotFoundError } from '../source/scraper.ts'

/** Where unexpected failures go: pino's logger or a request's. */
export interface ErrorLog {
  error(details: object, message: string): void
}

/** Whether trying again later may help: the site was down or slow, or something unexpected broke. */
export function transient(error: unknown): boolean {
  if (error instanceof FetchError) return error.transient
  return !(error instanceof PageFormatError || error instanceof CityNotFoundError)
}

/** What users see of a failure: our own messages; anything else stays in the log. */
export function describe(error: unknown, log: ErrorLog): string {
  if (error instanceof FetchError || error instanceof CityNotFoundError) return error.message
  if (error instanceof PageFormatError) return `malformed page: ${error.message}`
  log.error({ err: error }, 'hotels scrape step failed unexpectedly')
  return 'unexpected error; the server log has the details'
}
