/** A thin bar with its figure beside it: upload and processing progress. */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  const value = Math.min(100, Math.max(0, Math.round(percent)))
  return (
    <span className="progress">
      <span className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-label={label}>
        <span style={{ width: `${value}%` }} />
      </span>
      <span className="progress-text">{value}%</span>
    </span>
  )
}
