// How many payments came in and went out each day.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCount } from '../ui'
import { ChartFrame, Legend, TooltipBox } from './chart-frame'
import type { DailyPoint, PeriodTotals } from './chart-data'
import { AXIS_TICK, CHART, dayLong, dayTick } from './chart-theme'

export function CountChart({ points, totals }: { readonly points: readonly DailyPoint[]; readonly totals: PeriodTotals | null }) {
  return (
    <ChartFrame
      name="count"
      title="Payments per day"
      summary={
        totals
          ? `${formatCount(totals.receivedCount)} payments received and ${formatCount(totals.paidCount)} paid out over ${points.length} days.`
          : `Payments per day over ${points.length} days.`
      }
      legend={
        <Legend
          items={[
            { label: 'Received', color: CHART.received },
            { label: 'Paid out', color: CHART.paid }
          ]}
        />
      }
    >
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={[...points]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="20%">
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: CHART.grid }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={40} />
          <Tooltip
            cursor={{ fill: 'rgba(30, 34, 39, 0.04)' }}
            content={({ active, payload }) => {
              const point = payload?.[0]?.payload as DailyPoint | undefined
              if (!active || !point) return null
              return (
                <TooltipBox
                  title={dayLong(point.day)}
                  rows={[
                    ['Received', formatCount(point.receivedCount)],
                    ['Paid out', formatCount(point.paidCount)]
                  ]}
                />
              )
            }}
          />
          <Bar dataKey="receivedCount" name="Received" stackId="count" fill={CHART.received} isAnimationActive={false} />
          <Bar dataKey="paidCount" name="Paid out" stackId="count" fill={CHART.paid} radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  )
}
