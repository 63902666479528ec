import { createError } from '../../kit/http/errors.ts'

export const JobNotFoundError = createError<[number]>('HOTELS_JOB_NOT_FOUND', 'no hotels search job %d', 404)
export const InvalidQueryError = createError('HOTELS_INVALID_QUERY', 'body.query must not be blank', 400)
export const CityNotFound = createError<[string]>('HOTELS_CITY_NOT_FOUND', '%s', 404)
/** The source could not be read (down, too slow, disallowed by robots.txt, unreadable markup). */
export const SourceUnavailableError = createError<[string]>('HOTELS_SOURCE_UNAVAILABLE', 'the hotel source could not be read: %s', 503)
export const DuplicateUidError = createError<[number]>('HOTELS_DUPLICATE_UID', 'a hotel with uid %d is stored already', 409)
