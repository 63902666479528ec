import { useState, type FormEvent } from 'react'
import { errorMessage } from '../../api.ts'
import { formatInteger, formatMs } from '../../format.ts'
import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { Pager } from '../../components/pager.tsx'
import { Notice, Panel } from '../../components/panel.tsx'
import { searchEvents, searchUrl, v1Url, type SearchPage } from './search-events.ts'
import type { SearchEvent, SearchWindow } from './types.ts'

const PAGE = 50

const price = (value: number) => value.toFixed(2)

const columns: TableColumn<SearchEvent>[] = [
  {
    key: 'title',
    label: 'event',
    render: (e) => (
      <>
        <div>{e.title}</div>
        <code className="muted event-id">{e.id}</code>
      </>
    ),
  },
  { key: 'start', label: 'starts', render: (e) => `${e.start_date} ${e.start_time}` },
  { key: 'end', label: 'ends', render: (e) => `${e.end_date} ${e.end_time}` },
  { key: 'min', label: 'min price', numeric: true, render: (e) => price(e.min_price) },
  { key: 'max', label: 'max price', numeric: true, render: (e) => price(e.max_price) },
]

interface Answer {
  window: SearchWindow
  offset: number
  page: SearchPage
  ms: number
}

interface SearchPanelProps {
  /** The provider's zone: the window and the results are wall times there. */
  timeZone: string | undefined
  /** The server's most events per answer. */
  maxLimit: number | undefined
}

/** The challenge's `/search`: a time window, its events by start, a page at a time. */
export function SearchPanel({ timeZone, maxLimit }: SearchPanelProps) {
  const [form, setForm] = useState<SearchWindow>({ startsAt: '', endsAt: '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [answer, setAnswer] = useState<Answer>()
  const limit = Math.min(PAGE, maxLimit ?? PAGE)

  const search = async (window: SearchWindow, offset: number) => {
    setBusy(true)
    setError(undefined)
    const started = performance.now()
    try {
      const page = await searchEvents(window, { offset, limit })
      setAnswer({ window, offset, page, ms: performance.now() - started })
    } catch (err) {
      setAnswer(undefined)
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void search(form, 0)
  }

  const zone = timeZone ? ` (${timeZone})` : ''
  return (
    <Panel title="Search" aside={<span className="muted">events ever on sale online, by start</span>}>
      <form className="form-row search-form" onSubmit={onSubmit}>
        <label className="field grow">
          Starts at or after{zone}
          <input className="input" type="datetime-local" step={1} name="starts_at" value={form.startsAt} onChange={(event) => setForm({ ...form, startsAt: event.target.value })} />
        </label>
        <label className="field grow">
          Ends at or before{zone}
          <input className="input" type="datetime-local" step={1} name="ends_at" value={form.endsAt} onChange={(event) => setForm({ ...form, endsAt: event.target.value })} />
        </label>
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>
      </form>
      <p className="muted field-hint">Leave a bound empty for no limit on that side. Times are wall times in the provider&apos;s zone, as the feed writes them.</p>
      {error && <Notice kind="error">{error}</Notice>}
      {answer && (
        <>
          <p className="summary">
            <span>
              <strong>{formatInteger(answer.page.events.length)}</strong> {answer.page.nextOffset !== undefined ? 'on this page' : answer.offset === 0 ? 'events' : 'on the last page'}
            </span>
            <span>
              round trip <strong>{formatMs(answer.ms)}</strong>
            </span>
            <span>
              as JSON: <a href={searchUrl(answer.window)}>/search</a> · <a href={v1Url(answer.window)} title="the original endpoint: events whose start is strictly inside the window">/v1/api/events</a>
            </span>
          </p>
          <DataTable
            columns={columns}
            rows={answer.page.events}
            rowKey={(e) => e.id}
            empty="No event ever on sale online falls in this window."
            caption="Search results"
          />
          <Pager offset={answer.offset} limit={limit} count={answer.page.events.length} hasMore={answer.page.nextOffset !== undefined} onPage={(offset) => void search(answer.window, offset)} />
        </>
      )}
    </Panel>
  )
}
