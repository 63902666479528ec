import { useEffect, useState } from 'react'
import { api } from '../../api.ts'
import { formatAgo, formatTime } from '../../format.ts'
import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { Pager } from '../../components/pager.tsx'
import { Notice, Panel } from '../../components/panel.tsx'
import { usePoll } from '../../use-poll.ts'
import { Count, HotelName, Rank, Rating, Stars } from './hotel-cells.tsx'
import type { StoredHotel, StoredPage } from './types.ts'

const FIRST = '/hotels/api/drf/hotels/'
const PAGE_SIZE = 15
/** The consumer stores a selection a moment after it is sent: look often for a while. */
const FAST_MS = 1000
const FAST_FOR_MS = 15_000

const columns: TableColumn<StoredHotel>[] = [
  { key: 'name', label: 'hotel', render: (h) => <HotelName name={h.name} url={h.url} /> },
  { key: 'city', label: 'city id', numeric: true, render: (h) => h.city_id },
  { key: 'rating', label: 'rating', numeric: true, render: (h) => <Rating rating={h.rating} /> },
  { key: 'reviews', label: 'reviews', numeric: true, render: (h) => <Count value={h.reviews} /> },
  { key: 'rank', label: 'rank', numeric: true, render: (h) => <Rank rank={h.rank} total={h.rank_total} /> },
  { key: 'stars', label: 'class', numeric: true, render: (h) => <Stars stars={h.stars} /> },
  { key: 'stored', label: 'stored', render: (h) => <span title={formatTime(Date.parse(h.created_at))}>{formatAgo(Date.parse(h.created_at))}</span> },
]

/** DRF's links are absolute, for the host the request named; the page follows them on its own origin. */
function local(link: string): string {
  const url = new URL(link, window.location.origin)
  return `${url.pathname}${url.search}`
}

function pageOf(path: string): number {
  const page = Number(new URL(path, window.location.origin).searchParams.get('page') ?? '1')
  return Number.isInteger(page) && page > 0 ? page : 1
}

/** The stored hotels, 15 a page, as the original's DRF API lists them (oldest first). */
export function StoredPanel({ savedAt }: { savedAt: number | undefined }) {
  const [path, setPath] = useState(FIRST)
  const [fast, setFast] = useState(false)
  const list = usePoll((signal) => api.get<StoredPage>(path, { signal }), fast ? FAST_MS : 5000)

  useEffect(() => {
    if (savedAt === undefined) return
    setFast(true)
    const timer = window.setTimeout(() => setFast(false), FAST_FOR_MS)
    return () => window.clearTimeout(timer)
  }, [savedAt])

  const go = (next: string) => {
    setPath(next)
    list.refresh()
  }
  const data = list.data
  const offset = (pageOf(path) - 1) * PAGE_SIZE
  const aside = (
    <>
      {list.updatedAt !== undefined && <span className="muted">updated {new Date(list.updatedAt).toLocaleTimeString()}</span>}
      <a href={path}>as JSON</a>
    </>
  )
  return (
    <Panel title="Stored hotels" aside={aside}>
      {list.error && <Notice kind="error">Stored hotels unavailable: {list.error}</Notice>}
      <DataTable columns={columns} rows={data?.results ?? []} rowKey={(h) => String(h.id)} empty={data ? 'No hotel stored yet: search a city, select hotels and save them.' : 'Loading…'} caption="Stored hotels" />
      {data && data.count > 0 && (
        <Pager
          offset={offset}
          limit={PAGE_SIZE}
          count={data.results.length}
          total={data.count}
          onPage={(to) => {
            const link = to > offset ? data.next : data.previous
            if (link) go(local(link))
          }}
        />
      )}
    </Panel>
  )
}
