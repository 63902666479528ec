import { createError } from '../../kit/http/errors.ts'

export const WebsiteNotFoundError = createError<[string]>('MONITOR_WEBSITE_NOT_FOUND', '%s', 404)
export const WebsiteExistsError = createError<[string]>('MONITOR_WEBSITE_EXISTS', 'the website %s is already registered', 409)
export const BadWebsiteError = createError<[string]>('MONITOR_BAD_WEBSITE', '%s', 400)
export const BadImportError = createError<[string]>('MONITOR_BAD_IMPORT', '%s', 400)
