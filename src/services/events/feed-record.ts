import { parseFeedTime, type ZoneConverter } from './provider-time.ts'

export type Attributes = Record<string, string>

/** An event of the feed that was on sale online, with everything stored about it. */
export interface FeedEvent {
  baseEventId: string
  eventId: string
  title: string
  startWall: number
  startAt: number
  endWall: number
  endAt: number
  minPrice: number
  maxPrice: number
  /** The original service's document: every attribute as the provider wrote it. */
  document: string
}

/** Why a base_event is skipped; thrown while its elements are read. */
export class MalformedError extends Error {}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/
const PRICE = /^\d{1,12}(\.\d{1,6})?$/

export function checkAttributeLengths(element: string, attributes: Attributes, max: number): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value.length > max) throw new MalformedError(`${element}@${name} is longer than ${max} characters`)
  }
}

export interface BaseEventHead {
  baseEventId: string
  title: string
  online: boolean
}

export function readBaseEvent(attributes: Attributes): BaseEventHead {
  const baseEventId = attributes.base_event_id
  if (baseEventId === undefined || !ID.test(baseEventId)) throw new MalformedError('base_event@base_event_id is missing or not an id')
  const sellMode = attributes.sell_mode
  if (!sellMode) throw new MalformedError('base_event@sell_mode is missing')
  const title = attributes.title
  if (title === undefined) throw new MalformedError('base_event@title is missing')
  return { baseEventId: detach(baseEventId), title: detach(title), online: sellMode === 'online' }
}

/**
 * A copy of a string the parser sliced out of its input. V8 keeps a slice of 13 or more
 * characters as a view on the whole chunk it came from (64 KB here), so keeping a title
 * as it came would keep its chunk alive, for every base_event of the feed.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1)
}

export interface EventHead {
  eventId: string
  startWall: number
  startAt: number
  endWall: number
  endAt: number
}

/** Both dialects: v1 has `event_date` (it ends when it starts), v2 a start and an end. */
export function readEvent(attributes: Attributes, converter: ZoneConverter): EventHead {
  const eventId = attributes.event_id
  if (eventId === undefined || !ID.test(eventId)) throw new MalformedError('event@event_id is missing or not an id')
  const startText = attributes.event_start_date ?? attributes.event_date
  if (startText === undefined) throw new MalformedError(`event ${eventId} has neither event_start_date nor event_date`)
  const start = parseFeedTime(startText, converter)
  if (!start) throw new MalformedError(`event ${eventId} has a start that is not YYYY-MM-DDTHH:MM:SS`)
  const endText = attributes.event_end_date
  const end = endText === undefined && attributes.event_start_date === undefined ? start : parseFeedTime(endText ?? '', converter)
  if (!end) throw new MalformedError(`event ${eventId} has an end that is missing or not YYYY-MM-DDTHH:MM:SS`)
  if (end.instant < start.instant) throw new MalformedError(`event ${eventId} ends before it starts`)
  return { eventId: detach(eventId), startWall: start.wall, startAt: start.instant, endWall: end.wall, endAt: end.instant }
}

/** v2 zones have `price`, v1 zones `max_price`. */
export function readZonePrice(attributes: Attributes): number {
  const text = attributes.price ?? attributes.max_price
  if (text === undefined || !PRICE.test(text)) throw new MalformedError(`zone ${attributes.zone_id ?? '?'} has no price that is a number`)
  return Number(text)
}

export function eventDocument(base: Attributes, event: Attributes, zones: Attributes[]): string {
  return JSON.stringify({ base_event: { ...base, event: { ...event, zone: zones } } })
}
