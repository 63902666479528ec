import { formatInteger } from '../../format.ts'
import { Notice } from '../../components/panel.tsx'
import { ProgressBar } from '../plays/progress-bar.tsx'
import type { SearchJobState } from './use-search-job.ts'
import type { SearchStatus } from './types.ts'

const BADGE: Record<SearchStatus, string> = {
  queued: 'badge-info',
  running: 'badge-info',
  succeeded: 'badge-ok',
  failed: 'badge-bad',
  cancelled: 'badge-muted',
}

/** One search's progress: a bar, its hotels by status, how the figures arrive, and why it stopped short. */
export function JobProgress({ state }: { state: SearchJobState }) {
  const { job, via, error } = state
  if (!job) return error ? <Notice kind="error">{error}</Notice> : <p className="muted hotels-progress">Starting the search…</p>
  const { subJobs } = job
  const failed = subJobs.failed + subJobs.skipped
  return (
    <>
      <div className="hotels-progress">
        <ProgressBar percent={job.progress} label="Search progress" />
        <span className={`badge ${BADGE[job.status]}`}>{job.status}</span>
        <span className="meta-line">
          <span>
            city <strong>{job.city?.name ?? job.query}</strong>
          </span>
          <span>
            hotels <strong>{formatInteger(subJobs.succeeded)}</strong> of <strong>{formatInteger(subJobs.total)}</strong> fetched
          </span>
          {failed > 0 && (
            <span>
              <strong>{formatInteger(failed)}</strong> not fetched
            </span>
          )}
          <span title={via === 'socket' ? 'pushed over the websocket /fastapi/ws' : `the websocket closed: polling /api/hotels/jobs/${job.id}`}>
            job <strong>{job.id}</strong> · {via === 'socket' ? 'live' : 'polling'}
          </span>
        </span>
      </div>
      {job.error && <Notice kind="error">The search failed: {job.error}</Notice>}
      {job.note && <Notice kind="info">{job.note}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </>
  )
}
