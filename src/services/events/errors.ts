import { createError } from '../../kit/http/errors.ts'

export const NoProviderError = createError('EVENTS_NO_PROVIDER', 'EVENTS_PROVIDER_URL is not set: there is no feed to fetch', 409)
