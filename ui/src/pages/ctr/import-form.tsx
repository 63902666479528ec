import { useState, type FormEvent } from 'react'
import { ApiError, api, errorMessage } from '../../api.ts'
import { formatBytes, formatInteger } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import type { ImportResult } from './types.ts'

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; text: string }

function describe(error: unknown): string {
  const message = errorMessage(error)
  const line = error instanceof ApiError ? error.details?.line : undefined
  return typeof line === 'number' && !message.includes(String(line)) ? `${message} (line ${line})` : message
}

/** Uploads a CSV (`adId,estimatedCVR`) to the bulk upsert endpoint. */
export function ImportForm({ onImported, needsLogin }: { onImported: () => void; needsLogin: boolean }) {
  const [file, setFile] = useState<File>()
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>()

  const upload = async (chosen: File) => {
    setBusy(true)
    setOutcome(undefined)
    try {
      const text = await chosen.text()
      const result = await api.send<ImportResult>('POST', '/api/ctr/estimates', text, 'text/csv')
      setOutcome({ kind: 'ok', text: `Imported ${formatInteger(result.imported)} estimates from ${chosen.name}.` })
      onImported()
    } catch (error) {
      setOutcome({ kind: 'error', text: describe(error) })
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (file) void upload(file)
  }

  return (
    <Panel title="Import estimates" aside={needsLogin && <span className="badge badge-warn">Log in to write</span>}>
      <p className="muted">
        A CSV file with the header <code>adId,estimatedCVR</code>; values are probabilities in [0, 1]. Rows are upserted and served at once.
      </p>
      <form className="form-row" onSubmit={onSubmit}>
        <label className="file-pick grow">
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              setFile(event.target.files?.[0])
              setOutcome(undefined)
            }}
          />
          <span>{file ? `${file.name} · ${formatBytes(file.size)}` : 'Choose a CSV file…'}</span>
        </label>
        <button className="button" type="submit" disabled={!file || busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </Panel>
  )
}
