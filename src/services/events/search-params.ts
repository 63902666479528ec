import { parseIsoInstant, wallFromParts, type ZoneConverter } from './provider-time.ts'

/** A parameter a client got wrong; the message names it and is safe to echo. */
export class ParameterError extends Error {}

export type Query = Record<string, unknown>

function single(query: Query, name: string): string | undefined {
  const value = query[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new ParameterError(`${name} must be given once`)
  return value
}

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
}

export function instantParam(query: Query, name: string, converter: ZoneConverter): number | undefined {
  const text = single(query, name)
  if (text === undefined) return undefined
  const ms = parseIsoInstant(text, converter)
  if (ms === undefined) throw new ParameterError(`${name} must be an ISO 8601 date-time such as 2021-06-30T21:00:00Z (got ${shown(text)})`)
  return ms
}

export function integerParam(query: Query, name: string, min: number, max: number, fallback: number): number {
  const text = single(query, name)
  if (text === undefined) return fallback
  const n = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN
  if (!(n >= min && n <= max)) throw new ParameterError(`${name} must be an integer from ${min} to ${max} (got ${shown(text)})`)
  return n
}

const STRPTIME = /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})$/

/**
 * The original service's `%Y-%m-%dT%H:%M:%S` (Python's strptime: one or two digits per
 * field), read in the provider's zone like the feed's own times.
 */
export function strptimeParam(query: Query, name: string, converter: ZoneConverter): number | undefined {
  const text = single(query, name)
  if (text === undefined) return undefined
  const m = STRPTIME.exec(text)
  const wall = m ? wallFromParts(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined
  if (wall === undefined) throw new ParameterError(`${name}: time data ${shown(text)} does not match format '%Y-%m-%dT%H:%M:%S'`)
  return converter.toInstant(wall)
}
