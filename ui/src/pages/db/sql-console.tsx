import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { api, errorMessage } from '../../api.ts'
import { formatInteger, formatMs } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { ResultGrid } from './result-grid.tsx'
import type { DbOverview, QueryResult } from './types.ts'

/** One statement at a time, where the database itself cannot write. */
export function SqlConsole({ overview, initial }: { overview: DbOverview; initial: string }) {
  const [text, setText] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<QueryResult>()
  const [error, setError] = useState<string>()
  const { maxRows, timeoutMs } = overview.limits
  const enforcement = overview.dialect === 'postgres' ? 'a read-only transaction' : 'a read-only connection'

  const run = async () => {
    setBusy(true)
    setError(undefined)
    try {
      setResult(await api.post<QueryResult>('/api/db/query', { sql: text }))
    } catch (err) {
      setResult(undefined)
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void run()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void run()
    }
  }

  return (
    <Panel title="SQL console" aside={<span className="muted">read-only · {formatInteger(maxRows)} rows · {timeoutMs / 1000} s</span>}>
      <p className="muted">
        One statement per run, in {enforcement}: the database refuses any write. Ctrl+Enter runs it.
      </p>
      <form onSubmit={onSubmit}>
        <label className="sr-only" htmlFor="sql">
          SQL
        </label>
        <textarea id="sql" className="input sql-input" value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} spellCheck={false} />
        <div className="form-actions">
          <button className="button" type="submit" disabled={busy || text.trim() === ''}>
            {busy ? 'Running…' : 'Run'}
          </button>
        </div>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <>
          <p className="meta-line">
            <span>
              <strong>{formatInteger(result.rows.length)}</strong> rows{result.truncated && ` (stopped at the limit of ${formatInteger(maxRows)})`}
            </span>
            <span>
              <strong>{formatMs(result.durationMs)}</strong>
            </span>
          </p>
          <ResultGrid columns={result.columns} rows={result.rows} empty="The statement returned no rows." caption="Query result" />
        </>
      )}
    </Panel>
  )
}
