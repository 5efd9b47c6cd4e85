// Daily Pi received from buyers and paid out by the app (refunds and other payouts).
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { formatAmount, formatCount } from '../ui'
import { ChartFrame, Legend, TooltipBox } from './chart-frame'
import type { DailyPoint, PeriodTotals } from './chart-data'
import { AXIS_TICK, CHART, compactTick, dayLong, dayTick } from './chart-theme'

export function VolumeChart({ points, totals }: { readonly points: readonly DailyPoint[]; readonly totals: PeriodTotals | null }) {
  return (
    <ChartFrame
      name="volume"
      title="Daily volume"
      description="Pi received from buyers and paid out by your app, per day."
      summary={
        totals
          ? `Over ${points.length} days: ${formatAmount(totals.received)} Pi received, ${formatAmount(totals.paid)} Pi paid out.`
          : `Daily volume over ${points.length} days.`
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
      <ResponsiveContainer width="100%" height={260}>
        <AreaChart data={[...points]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: CHART.grid }} minTickGap={24} />
          <YAxis tickFormatter={compactTick} tick={AXIS_TICK} tickLine={false} axisLine={false} width={48} />
          <Tooltip
            cursor={{ stroke: CHART.axis, strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const point = payload?.[0]?.payload as DailyPoint | undefined
              if (!active || !point) return null
              return (
                <TooltipBox
                  title={dayLong(point.day)}
                  rows={[
                    [`Received (${formatCount(point.receivedCount)})`, `${formatAmount(point.receivedText)} π`],
                    [`Paid out (${formatCount(point.paidCount)})`, `${formatAmount(point.paidText)} π`]
                  ]}
                />
              )
            }}
          />
          <Area
            type="monotone"
            dataKey="received"
            name="Received"
            stroke={CHART.received}
            strokeWidth={2}
            fill={CHART.receivedSoft}
            fillOpacity={0.6}
            isAnimationActive={false}
          />
          <Area
            type="monotone"
            dataKey="paid"
            name="Paid out"
            stroke={CHART.paid}
            strokeWidth={2}
            fill={CHART.paidSoft}
            fillOpacity={0.6}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  )
}
