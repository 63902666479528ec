import { useState, type FormEvent } from 'react'
import { api, errorMessage } from '../../api.ts'
import { formatInteger, formatMs } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { parseIds } from './parse-ids.ts'
import { ResultTable } from './result-table.tsx'
import type { PredictResult } from './types.ts'

interface Answer {
  ids: number[]
  result: PredictResult
  ms: number
  /** Counts answers, so a new answer starts its table afresh. */
  seq: number
}

function Summary({ answer }: { answer: Answer }) {
  const unknown = answer.ids.filter((id) => (answer.result[String(id)]?.estimatedCVR ?? -1) === -1).length
  return (
    <p className="summary">
      <span>
        <strong>{formatInteger(answer.ids.length)}</strong> ids
      </span>
      <span>
        <strong>{formatInteger(answer.ids.length - unknown)}</strong> known
      </span>
      <span>
        <strong>{formatInteger(unknown)}</strong> unknown
      </span>
      <span>
        round trip <strong>{formatMs(answer.ms)}</strong>
      </span>
    </p>
  )
}

/** Looks ids up with the original's `POST /predict`, exactly as an ad server would. */
export function LookupForm({ maxIds }: { maxIds: number | undefined }) {
  const [text, setText] = useState('1, 2, 3')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [answer, setAnswer] = useState<Answer>()

  const lookUp = async () => {
    const { ids, invalid } = parseIds(text)
    if (invalid.length > 0) return setError(`Not an integer: ${invalid.slice(0, 5).join(', ')}`)
    if (ids.length === 0) return setError('Type at least one ad id.')
    setBusy(true)
    setError(undefined)
    const started = performance.now()
    try {
      const result = await api.post<PredictResult>('/predict', { adId: ids })
      const ms = performance.now() - started
      setAnswer((previous) => ({ ids, result, ms, seq: (previous?.seq ?? 0) + 1 }))
    } catch (err) {
      setAnswer(undefined)
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void lookUp()
  }

  return (
    <Panel title="Look up estimates" aside={maxIds !== undefined && <span className="muted">up to {formatInteger(maxIds)} ids per request</span>}>
      <form className="form-row" onSubmit={onSubmit}>
        <label className="sr-only" htmlFor="ctr-ids">
          Ad ids
        </label>
        <input
          id="ctr-ids"
          className="input grow"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Ad ids, separated by commas or spaces"
          autoComplete="off"
          spellCheck={false}
        />
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Looking up…' : 'Look up'}
        </button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {answer && (
        <>
          <Summary answer={answer} />
          <ResultTable key={answer.seq} ids={answer.ids} result={answer.result} />
        </>
      )}
    </Panel>
  )
}
