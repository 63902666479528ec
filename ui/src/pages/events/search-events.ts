import { ApiError, isAbort, toErrorShape } from '../../api.ts'
import type { SearchEvent, SearchWindow } from './types.ts'

export interface SearchPage {
  events: SearchEvent[]
  /** The offset of the next page, from the `x-next-offset` header; absent on the last page. */
  nextOffset?: number
}

/** A datetime-local value ("2021-06-30T21:00") with seconds, as both endpoints read it. */
function withSeconds(value: string): string {
  return /T\d{2}:\d{2}$/.test(value) ? `${value}:00` : value
}

/** `/search?…` for a window; no offset in the time: the server reads it in the provider's zone. */
export function searchUrl(window: SearchWindow, paging?: { offset: number; limit: number }): string {
  const query = new URLSearchParams()
  if (window.startsAt) query.set('starts_at', withSeconds(window.startsAt))
  if (window.endsAt) query.set('ends_at', withSeconds(window.endsAt))
  if (paging) {
    query.set('limit', String(paging.limit))
    query.set('offset', String(paging.offset))
  }
  const text = query.toString()
  return text ? `/search?${text}` : '/search'
}

/** The original's `/v1/api/events` for the same window (its bounds are exclusive, on the start). */
export function v1Url(window: SearchWindow): string {
  const query = new URLSearchParams()
  if (window.startsAt) query.set('start_date', withSeconds(window.startsAt))
  if (window.endsAt) query.set('end_date', withSeconds(window.endsAt))
  const text = query.toString()
  return text ? `/v1/api/events?${text}` : '/v1/api/events'
}

/** One page of `/search`; api.ts hides headers, and the next page is told by one. */
export async function searchEvents(window: SearchWindow, paging: { offset: number; limit: number }, signal?: AbortSignal): Promise<SearchPage> {
  let response: Response
  try {
    response = await fetch(searchUrl(window, paging), { headers: { accept: 'application/json' }, credentials: 'same-origin', signal: signal ?? null })
  } catch (error) {
    if (isAbort(error)) throw error
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'cannot reach the Flotilla server' })
  }
  const text = await response.text()
  if (!response.ok) throw new ApiError(toErrorShape(response.status, response.statusText, text))
  const body = JSON.parse(text) as { data: { events: SearchEvent[] } }
  const next = response.headers.get('x-next-offset')
  return { events: body.data.events, ...(next !== null ? { nextOffset: Number(next) } : {}) }
}
