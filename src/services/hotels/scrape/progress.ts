import type { JobRecord } from '../../../kit/jobs/types.ts'
import type { HotelData } from '../hotel-data.ts'
import type { ItemStatus, Scrape, ScrapeItem } from './scrape.ts'

export type SearchStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

/** A background search at a glance: what the websocket pushes and the dashboard polls. */
export interface ProgressSummary {
  id: number
  status: SearchStatus
  /** 0 to 100; 100 only once the search has finished. */
  progress: number
  query: string
  page: number
  pages: number
  city: { name: string; geoId: number | null } | null
  /** Its sub-jobs (one per hotel) by status. */
  subJobs: Record<ItemStatus, number> & { total: number }
  note: string | null
  error: string | null
  createdAt: number
  finishedAt: number | null
}

export interface HotelFailure {
  id: number
  name: string
  url: string
  status: 'failed' | 'skipped'
  error: string
}

export interface JobProgress extends ProgressSummary {
  /** The hotels fetched so far, in list order. */
  results: HotelData[]
  /** The hotels that could not be fetched (a malformed page, a page robots.txt disallows…). */
  failures: HotelFailure[]
}

function status(scrape: Scrape, job: JobRecord | undefined): SearchStatus {
  if (scrape.finishedAt !== null) return scrape.error !== null ? 'failed' : 'succeeded'
  if (job?.status === 'failed') return 'failed'
  if (job?.status === 'cancelled') return 'cancelled'
  // A job waiting for its next attempt has started all the same.
  if (job?.status === 'queued' && job.attempts === 0) return 'queued'
  return 'running'
}

export function summarize(scrape: Scrape, counts: Record<ItemStatus, number>, job: JobRecord | undefined): ProgressSummary {
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  const state = status(scrape, job)
  const finished = counts.succeeded + counts.failed + counts.skipped
  // List pages still to fetch count as work too, so a search does not show 100% after its first page.
  const listDone = scrape.listedAt !== null ? scrape.pages : Math.min(scrape.pagesFetched, scrape.pages)
  const units = scrape.pages + total
  const progress = state === 'succeeded' || state === 'failed' || state === 'cancelled' ? 100 : Math.min(99, Math.floor((100 * (listDone + finished)) / units))
  return {
    id: scrape.id,
    status: state,
    progress,
    query: scrape.query,
    page: scrape.firstPage,
    pages: scrape.pages,
    city: scrape.city ? { name: scrape.city.name, geoId: scrape.city.geoId } : null,
    subJobs: { ...counts, total },
    note: scrape.note,
    error: scrape.error ?? (job?.status === 'failed' ? 'the search failed unexpectedly; the server log has the details' : null),
    createdAt: scrape.createdAt,
    finishedAt: scrape.finishedAt,
  }
}

/** The finished items split into results and failures, in list order. */
export function outcomes(items: ScrapeItem[]): { results: HotelData[]; failures: HotelFailure[] } {
  const results: HotelData[] = []
  const failures: HotelFailure[] = []
  for (const item of items) {
    if (item.status === 'succeeded' && item.result) results.push(item.result)
    else if (item.status === 'failed' || item.status === 'skipped') {
      failures.push({ id: item.hotelId, name: item.entry.name, url: item.entry.url, status: item.status, error: item.error ?? 'unknown error' })
    }
  }
  return { results, failures }
}

const CELERY_STATUS: Record<SearchStatus, string> = { queued: 'PENDING', running: 'STARTED', succeeded: 'SUCCESS', failed: 'FAILURE', cancelled: 'REVOKED' }

/**
 * A search in the shape the original's websocket pushed for a Celery task, so its page
 * works unchanged: an overview, the progress, and the results once it is complete.
 */
export function originalTask(summary: ProgressSummary, results?: HotelData[]) {
  const { subJobs } = summary
  return {
    overview: {
      master_task_status: CELERY_STATUS[summary.status],
      child_tasks_statuses: { PENDING: subJobs.queued + subJobs.running, SUCCESS: subJobs.succeeded, FAILURE: subJobs.failed + subJobs.skipped, TOTAL: subJobs.total },
    },
    progress: summary.progress,
    ...(results ? { results } : {}),
  }
}
