/** One headline number in a `.figures` grid. */
export function Figure({ label, value, title, tone }: { label: string; value: string; title?: string | undefined; tone?: 'warn' | 'bad' | undefined }) {
  return (
    <div className={`figure${tone ? ` figure-${tone}` : ''}`} title={title}>
      <div className="figure-value">{value}</div>
      <div className="figure-label">{label}</div>
    </div>
  )
}
