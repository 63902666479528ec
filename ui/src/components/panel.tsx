import type { ReactNode } from 'react'

interface PanelProps {
  title: string
  /** Right-aligned, next to the title (a badge, a timestamp…). */
  aside?: ReactNode
  children: ReactNode
}

export function Panel({ title, aside, children }: PanelProps) {
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{title}</h2>
        {aside !== undefined && <div className="panel-aside">{aside}</div>}
      </div>
      {children}
    </section>
  )
}

export function Notice({ kind, children }: { kind: 'error' | 'ok' | 'info'; children: ReactNode }) {
  return (
    <p className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  )
}
