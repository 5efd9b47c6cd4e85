import type { ReactNode } from 'react'

export interface ChartFrameProps {
  readonly title: string
  readonly description?: string
  /** What the chart shows, in words, for screen readers (the SVG itself is not readable). */
  readonly summary: string
  readonly legend?: ReactNode
  readonly children: ReactNode
  readonly name: string
}

/** A card around one chart: title, a legend of our own (so colours always carry a word), the chart. */
export function ChartFrame({ title, description, summary, legend, children, name }: ChartFrameProps) {
  return (
    <figure className="chart-card" data-chart={name}>
      <figcaption className="chart-card__header">
        <div>
          <h2 className="chart-card__title">{title}</h2>
          {description ? <p className="chart-card__description">{description}</p> : null}
        </div>
        {legend}
      </figcaption>
      <p className="visually-hidden">{summary}</p>
      <div className="chart-card__plot" aria-hidden="true">
        {children}
      </div>
    </figure>
  )
}

export function Legend({ items }: { readonly items: readonly { readonly label: string; readonly color: string }[] }) {
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.label} className="chart-legend__item">
          <svg className="chart-legend__swatch" viewBox="0 0 10 10" aria-hidden="true">
            <rect width="10" height="10" rx="2" fill={item.color} />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  )
}

export function TooltipBox({ title, rows }: { readonly title: string; readonly rows: readonly [string, string][] }) {
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip__title">{title}</p>
      {rows.map(([label, value]) => (
        <p key={label} className="chart-tooltip__row">
          <span>{label}</span>
          <span className="numeric">{value}</span>
        </p>
      ))}
    </div>
  )
}
