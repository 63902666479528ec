import { useEffect, useState } from 'react'
import { api, errorMessage } from '../../api.ts'
import { formatInteger } from '../../format.ts'
import { usePoll, type PollState } from '../../use-poll.ts'
import type { EventsStatus } from './types.ts'

const loadStatus = (signal: AbortSignal) => api.get<EventsStatus>('/api/events/status', { signal })

export interface FetchNowState {
  /** The job asked for and not yet finished. */
  pendingJob: number | undefined
  busy: boolean
  outcome: { kind: 'ok' | 'error' | 'info'; text: string } | undefined
  fetchNow: () => Promise<void>
}

/**
 * The polled status, and `POST /api/events/fetch`: after a Fetch now, the status is
 * polled every second until that job has ended, then every five.
 */
export function useEventsFeed(): { status: PollState<EventsStatus>; fetch: FetchNowState } {
  const [pendingJob, setPendingJob] = useState<number>()
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<FetchNowState['outcome']>()
  const status = usePoll(loadStatus, pendingJob === undefined ? 5000 : 1000)

  const last = status.data?.lastFetch
  const ended = pendingJob !== undefined && last && last.jobId >= pendingJob && last.status !== 'running' && last.status !== 'queued' ? last : undefined
  useEffect(() => {
    if (!ended) return
    setPendingJob(undefined)
    const report = ended.report
    // A failure is shown by the status panel, with its reason.
    setOutcome(
      ended.status === 'succeeded' && report
        ? { kind: 'ok', text: `Fetched: ${formatInteger(report.onlineEvents)} events online in the feed, ${formatInteger(report.inserted)} new, ${formatInteger(report.updated)} updated.` }
        : undefined,
    )
  }, [ended])

  const fetchNow = async () => {
    setBusy(true)
    setOutcome(undefined)
    try {
      const { jobId } = await api.post<{ jobId: number; created: boolean }>('/api/events/fetch', {})
      setPendingJob(jobId)
      setOutcome({ kind: 'info', text: `Fetching the feed (job ${jobId})…` })
    } catch (error) {
      setOutcome({ kind: 'error', text: errorMessage(error) })
    } finally {
      setBusy(false)
    }
  }
  return { status, fetch: { pendingJob, busy, outcome, fetchNow } }
}
