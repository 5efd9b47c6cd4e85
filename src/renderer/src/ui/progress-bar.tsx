export interface ProgressBarProps {
  readonly label: string
  readonly done: number
  /** null while the total is not known: the bar then shows activity, not a share. */
  readonly total: number | null
}

export function ProgressBar({ label, done, total }: ProgressBarProps) {
  const known = total !== null && total > 0
  const share = known ? Math.min(1, Math.max(0, done / total)) : null
  return (
    <div
      className={share === null ? 'progress progress--indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? total : undefined}
      aria-valuenow={known ? Math.min(done, total) : undefined}
      aria-valuetext={known ? `${done} of ${total}` : `${done} so far`}
    >
      {/* A React style prop is set through the CSSOM, which the strict style-src allows. */}
      <span className="progress__fill" style={share === null ? undefined : { width: `${(share * 100).toFixed(1)}%` }} />
    </div>
  )
}
