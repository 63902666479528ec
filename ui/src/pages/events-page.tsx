import { usePlatform, writesNeedLogin } from '../platform.tsx'
import { FetchButton, FetchOutcome } from './events/fetch-now.tsx'
import { SearchPanel } from './events/search-panel.tsx'
import { StatusPanel } from './events/status-panel.tsx'
import { useEventsFeed } from './events/use-events-feed.ts'

/** events: the provider feed's ingestion, and the time-window search it feeds. */
export function EventsPage() {
  const { info } = usePlatform()
  const { status, fetch } = useEventsFeed()
  const description = info?.services.find((s) => s.name === 'events')?.description
  const configured = status.data?.provider.configured ?? false
  return (
    <div className="events-page">
      <h1>events</h1>
      <p className="lead">{description ?? 'Pulls a provider XML event feed on a schedule and answers time-window searches from memory.'}</p>
      <StatusPanel status={status.data} error={status.error} updatedAt={status.updatedAt} action={<FetchButton state={fetch} needsLogin={writesNeedLogin(info)} configured={configured} />}>
        <FetchOutcome state={fetch} />
      </StatusPanel>
      <SearchPanel timeZone={status.data?.provider.timeZone} maxLimit={status.data?.searchMaxLimit} />
    </div>
  )
}
