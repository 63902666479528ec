import { createError } from '../../kit/http/errors.ts'

export const TooManyIdsError = createError<[number, number]>('CTR_TOO_MANY_IDS', 'a request may look up at most %s ids; this one has %s', 413)
export const AdNotFoundError = createError<[number]>('CTR_AD_NOT_FOUND', 'no estimate for ad %s', 404)
export const BadCsvError = createError<[string]>('CTR_BAD_CSV', '%s', 400)
