// Where the period's payments stand: a bar per status (count), and the exact amounts beside it.
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { DisplayStatus } from '../../../shared/payments/status'
import { DISPLAY_STATUS_LABELS } from '../../../shared/payments/labels'
import { formatAmount, formatCount } from '../ui'
import { TooltipBox } from './chart-frame'
import type { StatusSlice } from './chart-data'
import { AXIS_TICK, STATUS_COLORS } from './chart-theme'

const BAR_ROW = 30

function formatLabel(value: unknown): string {
  return typeof value === 'number' ? formatCount(value) : ''
}

export function StatusChart({ slices }: { readonly slices: readonly StatusSlice[] }) {
  const summary = slices.map((slice) => `${DISPLAY_STATUS_LABELS[slice.status]}: ${slice.count}`).join(', ')
  return (
    <figure className="chart-card" data-chart="status">
      <figcaption className="chart-card__header">
        <div>
          <h2 className="chart-card__title">By status</h2>
          <p className="chart-card__description">Payments created in the period, by where they stand now.</p>
        </div>
      </figcaption>
      {slices.length === 0 ? (
        <p className="muted chart-card__empty">No payment was created in this period.</p>
      ) : (
        <div className="status-chart__body">
          <p className="visually-hidden">{summary}</p>
          <div className="chart-card__plot" aria-hidden="true">
            <ResponsiveContainer width="100%" height={slices.length * BAR_ROW + 16}>
              <BarChart data={[...slices]} layout="vertical" margin={{ top: 0, right: 40, bottom: 0, left: 0 }} barCategoryGap={6}>
                <XAxis type="number" hide allowDecimals={false} />
                <YAxis
                  type="category"
                  dataKey="status"
                  width={140}
                  tick={AXIS_TICK}
                  tickLine={false}
                  axisLine={false}
                  tickFormatter={(status: DisplayStatus) => DISPLAY_STATUS_LABELS[status] ?? status}
                />
                <Tooltip
                  cursor={{ fill: 'rgba(30, 34, 39, 0.04)' }}
                  content={({ active, payload }) => {
                    const slice = payload?.[0]?.payload as StatusSlice | undefined
                    if (!active || !slice) return null
                    return (
                      <TooltipBox
                        title={DISPLAY_STATUS_LABELS[slice.status]}
                        rows={[
                          ['Payments', formatCount(slice.count)],
                          ['Received', `${formatAmount(slice.received)} π`],
                          ['Paid out', `${formatAmount(slice.paidOut)} π`]
                        ]}
                      />
                    )
                  }}
                />
                <Bar dataKey="count" radius={[0, 3, 3, 0]} isAnimationActive={false}>
                  {slices.map((slice) => (
                    <Cell key={slice.status} fill={STATUS_COLORS[slice.status]} />
                  ))}
                  <LabelList dataKey="count" position="right" fontSize={11} fill="#555b64" formatter={formatLabel} />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="mini-table" data-status-table="">
            <caption className="visually-hidden">Payments by status, with their amounts in and out</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col" className="mini-table__end">
                  Payments
                </th>
                <th scope="col" className="mini-table__end">
                  Received <span className="unit-symbol">(π)</span>
                </th>
                <th scope="col" className="mini-table__end">
                  Paid out <span className="unit-symbol">(π)</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {slices.map((slice) => (
                <tr key={slice.status} data-status-row={slice.status}>
                  <th scope="row">
                    <span className="mini-table__status">
                      <svg className="chart-legend__swatch" viewBox="0 0 10 10" aria-hidden="true">
                        <rect width="10" height="10" rx="2" fill={STATUS_COLORS[slice.status]} />
                      </svg>
                      {DISPLAY_STATUS_LABELS[slice.status]}
                    </span>
                  </th>
                  <td className="mini-table__end numeric">{formatCount(slice.count)}</td>
                  <td className="mini-table__end numeric" title={`${slice.received} Pi`} data-status-received="">
                    {formatAmount(slice.received)}
                  </td>
                  <td className="mini-table__end numeric" title={`${slice.paidOut} Pi`} data-status-paid-out="">
                    {formatAmount(slice.paidOut)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  )
}
