import { useState, type FormEvent, type ReactNode } from 'react'
import { api, apiFetch } from '../../api.ts'
import { Notice, Panel } from '../../components/panel.tsx'
import { formError, type FormError, type FormField } from './field-error.ts'
import type { Website, WebsiteSettings } from './types.ts'

interface Values {
  url: string
  interval: string
  regex: string
  mustMatch: boolean
}

const valuesOf = (website: Website | undefined): Values =>
  website
    ? { url: website.url, interval: String(website.intervalSeconds), regex: website.regex ?? '', mustMatch: website.regexMustMatch }
    : { url: '', interval: '60', regex: '', mustMatch: false }

/** What the API takes; an interval that is not a number goes as null, for the API to name. */
function settingsOf(values: Values): WebsiteSettings {
  const interval = values.interval.trim() === '' ? Number.NaN : Number(values.interval)
  return { url: values.url.trim(), intervalSeconds: Number.isFinite(interval) ? interval : null, regex: values.regex === '' ? null : values.regex, regexMustMatch: values.mustMatch }
}

function Field({ label, hint, error, children }: { label: string; hint?: string; error: FormError | undefined; children: ReactNode }) {
  return (
    <label className="field">
      {label}
      {children}
      {error ? (
        <span className="monitor-field-error" role="alert">
          {error.message}
        </span>
      ) : (
        hint && <span className="field-hint">{hint}</span>
      )}
    </label>
  )
}

interface WebsiteFormProps {
  /** The website being edited; adding when absent. */
  website?: Website | undefined
  needsLogin: boolean
  onSaved: (website: Website, created: boolean) => void
  onCancel: () => void
}

/**
 * Adds or edits a website. The API validates (the browser's own checks are off), and
 * its message shows beside the field it names.
 */
export function WebsiteForm({ website, needsLogin, onSaved, onCancel }: WebsiteFormProps) {
  const [values, setValues] = useState(() => valuesOf(website))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FormError>()
  const [saved, setSaved] = useState<string>()
  const editing = website !== undefined
  const errorFor = (field: FormField) => (error?.field === field ? error : undefined)
  const change = (patch: Partial<Values>) => {
    setValues((previous) => ({ ...previous, ...patch }))
    setSaved(undefined)
  }

  const save = async () => {
    setBusy(true)
    setError(undefined)
    setSaved(undefined)
    try {
      const settings = settingsOf(values)
      const result = website
        ? await apiFetch<Website>(`/api/monitor/websites/${website.id}`, { method: 'PATCH', json: settings })
        : await api.post<Website>('/api/monitor/websites', settings)
      if (!website) {
        setValues(valuesOf(undefined))
        setSaved(`Added ${result.url}.`)
      }
      onSaved(result, !website)
    } catch (err) {
      setError(formError(err))
    } finally {
      setBusy(false)
    }
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void save()
  }

  const aside = needsLogin ? <span className="badge badge-warn">Log in to write</span> : editing && <span className="muted">website {website.id}</span>
  return (
    <Panel title={editing ? 'Edit website' : 'Add a website'} aside={aside}>
      <form onSubmit={onSubmit} aria-label={editing ? 'Edit website' : 'Add website'} noValidate>
        <fieldset className="monitor-fieldset" disabled={needsLogin}>
          <div className="monitor-form-grid">
            <Field label="URL" hint="an absolute http(s) URL, checked with GET" error={errorFor('url')}>
              <input className="input" name="url" type="url" value={values.url} onChange={(e) => change({ url: e.target.value })} placeholder="https://example.com/" autoComplete="off" spellCheck={false} />
            </Field>
            <Field label="Interval (seconds)" hint="5 to 300" error={errorFor('intervalSeconds')}>
              <input className="input" name="intervalSeconds" type="number" min={5} max={300} step={1} value={values.interval} onChange={(e) => change({ interval: e.target.value })} />
            </Field>
            <Field label="Regex (optional)" hint="searched in the body with tags stripped; matches are kept" error={errorFor('regex')}>
              <input className="input" name="regex" value={values.regex} onChange={(e) => change({ regex: e.target.value })} placeholder="e.g. (\d+) EUR" autoComplete="off" spellCheck={false} />
            </Field>
          </div>
          <label className="monitor-check">
            <input type="checkbox" name="regexMustMatch" checked={values.mustMatch} onChange={(e) => change({ mustMatch: e.target.checked })} />
            Down when the regex finds no match
          </label>
          {errorFor('regexMustMatch') && <span className="monitor-field-error">{error?.message}</span>}
          <div className="form-actions">
            <button className="button" type="submit" disabled={busy}>
              {busy ? 'Saving…' : editing ? 'Save' : 'Add website'}
            </button>
            {editing && (
              <button className="button button-secondary" type="button" onClick={onCancel}>
                Cancel
              </button>
            )}
          </div>
        </fieldset>
      </form>
      {error && !error.field && <Notice kind="error">{error.message}</Notice>}
      {saved && <Notice kind="ok">{saved}</Notice>}
    </Panel>
  )
}
