import { useState } from 'react'
import { api } from '../api.ts'
import { usePlatform, writesNeedLogin } from '../platform.tsx'
import { usePoll } from '../use-poll.ts'
import { SearchPanel } from './hotels/search-panel.tsx'
import { StatusPanel } from './hotels/status-panel.tsx'
import { StoredPanel } from './hotels/stored-panel.tsx'
import type { HotelsStatus } from './hotels/types.ts'

const loadStatus = (signal: AbortSignal) => api.get<HotelsStatus>('/api/hotels/status', { signal })

/** hotels: a city's hotels scraped in the background, watched live, selected and stored. */
export function HotelsPage() {
  const { info } = usePlatform()
  const status = usePoll(loadStatus, 5000)
  const [savedAt, setSavedAt] = useState<number>()
  const description = info?.services.find((s) => s.name === 'hotels')?.description
  return (
    <div className="hotels-page">
      <h1>hotels</h1>
      <p className="lead">{description ?? "Scrapes a city's hotels concurrently; the ones you select travel over the bus to a consumer that stores them."}</p>
      <StatusPanel status={status.data} error={status.error} updatedAt={status.updatedAt} />
      <SearchPanel
        needsLogin={writesNeedLogin(info)}
        onSaved={() => {
          setSavedAt(Date.now())
          // The stored count moves once the consumer has stored them.
          window.setTimeout(status.refresh, 1500)
        }}
      />
      <StoredPanel savedAt={savedAt} />
    </div>
  )
}
