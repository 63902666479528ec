import { useEffect, useState } from 'react'
import { api, errorMessage, isAbort } from '../../api.ts'
import { finished, type HotelData, type HotelFailure, type JobProgress, type ProgressSummary, type SocketMessage } from './types.ts'

const POLL_MS = 1000

export interface SearchJobState {
  job?: ProgressSummary
  results: HotelData[]
  failures: HotelFailure[]
  /** How progress arrives: pushed over the websocket, or polled once it closed. */
  via: 'socket' | 'polling'
  error?: string
}

const EMPTY: SearchJobState = { results: [], failures: [], via: 'socket' }

function merge<T extends { id: number }>(known: T[], fresh: T[]): T[] {
  if (fresh.length === 0) return known
  const ids = new Set(known.map((h) => h.id))
  return [...known, ...fresh.filter((h) => !ids.has(h.id))]
}

function socketUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/fastapi/ws`
}

/**
 * Follows one background search: subscribed over `/fastapi/ws`, which pushes its progress
 * and the hotels as they are scraped; should the socket close before the search ends,
 * `GET /api/hotels/jobs/{id}` is polled instead.
 */
export function useSearchJob(jobId: number | undefined): SearchJobState {
  const [state, setState] = useState<SearchJobState>(EMPTY)

  useEffect(() => {
    setState(EMPTY)
    if (jobId === undefined) return
    let alive = true
    let done = false
    let timer: number | undefined
    const controller = new AbortController()

    const poll = async () => {
      try {
        const progress = await api.get<JobProgress>(`/api/hotels/jobs/${jobId}`, { signal: controller.signal })
        if (!alive) return
        const { results, failures, ...job } = progress
        done = finished(job.status)
        setState({ job, results, failures, via: 'polling' })
      } catch (error) {
        if (!alive || isAbort(error)) return
        setState((previous) => ({ ...previous, via: 'polling', error: errorMessage(error) }))
      }
      if (alive && !done) timer = window.setTimeout(() => void poll(), POLL_MS)
    }

    const socket = new WebSocket(socketUrl())
    socket.onopen = () => socket.send(JSON.stringify({ subscribe: jobId }))
    socket.onmessage = (event: MessageEvent<string>) => {
      let message: SocketMessage
      try {
        message = JSON.parse(event.data) as SocketMessage
      } catch {
        return
      }
      if (message.type === 'error') {
        setState((previous) => ({ ...previous, error: message.message }))
        return
      }
      if (message.type !== 'progress' || message.job.id !== jobId) return
      done = finished(message.job.status)
      setState((previous) => ({
        job: message.job,
        results: merge(previous.results, message.results),
        failures: merge(previous.failures, message.failures),
        via: 'socket',
      }))
      if (done) socket.close(1000, 'search finished')
    }
    socket.onclose = () => {
      if (alive && !done) void poll()
    }

    return () => {
      alive = false
      controller.abort()
      window.clearTimeout(timer)
      socket.onclose = null
      socket.close(1000, 'page left')
    }
  }, [jobId])

  return state
}
