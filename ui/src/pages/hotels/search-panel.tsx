import { useState, type FormEvent } from 'react'
import { api, errorMessage } from '../../api.ts'
import { formatInteger } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { JobProgress } from './job-progress.tsx'
import { ResultsTable } from './results-table.tsx'
import type { HotelData } from './types.ts'
import { useSearchJob } from './use-search-job.ts'

type Outcome = { kind: 'ok' | 'error'; text: string }

interface SearchPanelProps {
  needsLogin: boolean
  /** Called once a selection has been sent to be stored. */
  onSaved: () => void
}

/**
 * A city searched in the background (`/fastapi/search-hotels-using-celery/`), its hotels
 * shown as they are scraped; the ones ticked are sent to be stored (`/fastapi/save-selected-hotels/`).
 */
export function SearchPanel({ needsLogin, onSaved }: SearchPanelProps) {
  const [form, setForm] = useState({ query: '', page: '1' })
  const [starting, setStarting] = useState(false)
  const [startError, setStartError] = useState<string>()
  const [jobId, setJobId] = useState<number>()
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set())
  const [saving, setSaving] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()
  const search = useSearchJob(jobId)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setStarting(true)
    setStartError(undefined)
    setOutcome(undefined)
    try {
      const id = await api.post<string>('/fastapi/search-hotels-using-celery/', { query: form.query.trim(), page: Number(form.page) })
      setSelected(new Set())
      setJobId(Number(id))
    } catch (error) {
      setStartError(errorMessage(error))
    } finally {
      setStarting(false)
    }
  }

  const toggle = (hotel: HotelData) =>
    setSelected((ids) => {
      const next = new Set(ids)
      if (!next.delete(hotel.id)) next.add(hotel.id)
      return next
    })

  const cityId = search.job?.city?.geoId ?? null
  const chosen = search.results.filter((h) => selected.has(h.id))
  const save = async () => {
    if (cityId === null || chosen.length === 0) return
    setSaving(true)
    setOutcome(undefined)
    try {
      await api.post('/fastapi/save-selected-hotels/', { city_id: cityId, data: chosen })
      const n = chosen.length
      setOutcome({ kind: 'ok', text: `Sent ${formatInteger(n)} ${n === 1 ? 'hotel' : 'hotels'} to be stored: they show under Stored hotels once the consumer has stored them (a hotel stored before is left as it is).` })
      setSelected(new Set())
      onSaved()
    } catch (error) {
      setOutcome({ kind: 'error', text: errorMessage(error) })
    } finally {
      setSaving(false)
    }
  }

  const all = search.results.length > 0 && chosen.length === search.results.length
  const loginTitle = 'Log in to write'
  return (
    <Panel title="Search a city" aside={needsLogin && <span className="badge badge-warn">Log in to write</span>}>
      <form className="form-row search-form" onSubmit={(event) => void onSubmit(event)}>
        <label className="field grow">
          City
          <input className="input" name="query" required maxLength={200} placeholder="Paris, Rome, New York…" value={form.query} onChange={(event) => setForm({ ...form, query: event.target.value })} />
        </label>
        <label className="field hotels-page-field">
          List page
          <input className="input" name="page" type="number" required min={1} max={1000} value={form.page} onChange={(event) => setForm({ ...form, page: event.target.value })} />
        </label>
        <button className="button" type="submit" disabled={needsLogin || starting || form.query.trim() === ''} title={needsLogin ? loginTitle : undefined}>
          {starting ? 'Starting…' : 'Search'}
        </button>
      </form>
      <p className="muted field-hint">The source resolves the name to its best-matching city; a list page holds 30 hotels, each fetched from its own page by a background job.</p>
      {startError && <Notice kind="error">{startError}</Notice>}
      {jobId !== undefined && (
        <>
          <JobProgress state={search} />
          <div className="toolbar hotels-toolbar">
            <button type="button" className="button button-small button-secondary" disabled={search.results.length === 0} onClick={() => setSelected(all ? new Set() : new Set(search.results.map((h) => h.id)))}>
              {all ? 'Select none' : 'Select all'}
            </button>
            <span className="muted">{formatInteger(chosen.length)} selected</span>
            <button
              type="button"
              className="button button-small"
              disabled={needsLogin || saving || chosen.length === 0 || cityId === null}
              title={needsLogin ? loginTitle : 'Publish the selection on the bus; its consumer stores it'}
              onClick={() => void save()}
            >
              {saving ? 'Saving…' : 'Save selected'}
            </button>
          </div>
          {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
          <ResultsTable hotels={search.results} selected={selected} onToggle={toggle} empty={search.job && search.job.progress === 100 ? 'No hotel could be fetched.' : 'Hotels show here as they are scraped…'} />
          {search.failures.length > 0 && (
            <details className="hotels-failures">
              <summary>
                {formatInteger(search.failures.length)} {search.failures.length === 1 ? 'hotel' : 'hotels'} not fetched
              </summary>
              <ul>
                {search.failures.map((f) => (
                  <li key={f.id}>
                    <a href={f.url} target="_blank" rel="noreferrer noopener">
                      {f.name}
                    </a>
                    : <span className="muted">{f.error}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </Panel>
  )
}
