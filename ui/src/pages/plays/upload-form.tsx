import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react'
import { errorMessage, isAbort } from '../../api.ts'
import { formatBytes } from '../../format.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { ProgressBar } from './progress-bar.tsx'
import { uploadFile, type Upload, type UploadProgress } from './upload-file.ts'

type Outcome = { kind: 'ok' | 'error' | 'info'; text: string }

interface UploadFormProps {
  onUploaded: (taskId: string) => void
  needsLogin: boolean
}

/** Drop or pick a CSV; it is sent with its progress shown, and a task starts on it. */
export function UploadForm({ onUploaded, needsLogin }: UploadFormProps) {
  const [file, setFile] = useState<File>()
  const [skip, setSkip] = useState(false)
  const [dragging, setDragging] = useState(false)
  const [progress, setProgress] = useState<UploadProgress>()
  const [outcome, setOutcome] = useState<Outcome>()
  const current = useRef<Upload | undefined>(undefined)
  useEffect(() => () => current.current?.abort(), [])

  const choose = (chosen: File | undefined) => {
    setFile(chosen)
    setOutcome(undefined)
  }

  const upload = async (chosen: File) => {
    setOutcome(undefined)
    setProgress({ loaded: 0, total: chosen.size })
    const started = uploadFile(chosen, skip, setProgress)
    current.current = started
    try {
      const taskId = await started.done
      setOutcome({ kind: 'ok', text: `Uploaded ${chosen.name} as task ${taskId}.` })
      setFile(undefined)
      onUploaded(taskId)
    } catch (error) {
      setOutcome(isAbort(error) ? { kind: 'info', text: `Stopped uploading ${chosen.name}.` } : { kind: 'error', text: errorMessage(error) })
    } finally {
      current.current = undefined
      setProgress(undefined)
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (file) void upload(file)
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    if (!needsLogin && !progress) choose(event.dataTransfer.files[0])
  }

  const busy = progress !== undefined
  return (
    <Panel title="Upload plays" aside={needsLogin && <span className="badge badge-warn">Log in to write</span>}>
      <p className="muted">
        A CSV with the header <code>Song,Date,Number of Plays</code>, of any size: it is streamed to disk. A task sums the plays per song and date; the result,{' '}
        <code>Song,Date,Total Number of Plays for Date</code> sorted by song then date, is there to download when the task is DONE.
      </p>
      <form className="form-row" onSubmit={onSubmit}>
        <label
          className={`file-pick grow${dragging ? ' file-pick-over' : ''}`}
          onDragOver={(event) => {
            event.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <input type="file" accept=".csv,text/csv" disabled={needsLogin || busy} aria-label="CSV file" onChange={(event) => choose(event.target.files?.[0])} />
          <span>{file ? `${file.name} · ${formatBytes(file.size)}` : 'Drop a CSV file here, or click to choose one…'}</span>
        </label>
        <label className="check" title="Leave bad rows out and report them, instead of failing the task at the first one">
          <input type="checkbox" checked={skip} onChange={(event) => setSkip(event.target.checked)} disabled={busy} />
          Skip bad rows
        </label>
        <button className="button" type="submit" disabled={!file || busy || needsLogin}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      {progress && (
        <p className="upload-progress">
          <ProgressBar percent={progress.total > 0 ? (progress.loaded / progress.total) * 100 : 0} label="Upload progress" />
          <span className="muted">
            {formatBytes(progress.loaded)} of {formatBytes(progress.total)}
          </span>
          <button type="button" className="button button-small button-secondary" onClick={() => current.current?.abort()}>
            Stop
          </button>
        </p>
      )}
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
    </Panel>
  )
}
