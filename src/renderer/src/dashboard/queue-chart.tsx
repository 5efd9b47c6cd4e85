// How long incomplete payments have waited: the older, the more a buyer is stuck (an incomplete
// payment blocks the buyer's next one until it is completed or cancelled).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { DashboardView } from '../../../shared/contract'
import { formatCount } from '../ui'
import { ChartFrame, TooltipBox } from './chart-frame'
import { AXIS_TICK, CHART } from './chart-theme'

export function QueueChart({ queue }: { readonly queue: DashboardView['queue'] }) {
  const buckets = queue.buckets.map((bucket) => ({ label: bucket.label, count: bucket.count }))
  return (
    <ChartFrame
      name="queue"
      title="Incomplete queue"
      description={
        queue.count === 0
          ? 'Nothing is waiting to be completed or cancelled.'
          : `${formatCount(queue.count)} waiting${queue.oldestAgeMs !== null ? `; the oldest for ${describeAge(queue.oldestAgeMs)}` : ''}.`
      }
      summary={buckets.map((bucket) => `${bucket.label}: ${bucket.count}`).join(', ') || 'The queue is empty.'}
    >
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="28%">
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: CHART.grid }} interval={0} />
          <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} width={40} />
          <Tooltip
            cursor={{ fill: 'rgba(30, 34, 39, 0.04)' }}
            content={({ active, payload }) => {
              const bucket = payload?.[0]?.payload as { label: string; count: number } | undefined
              if (!active || !bucket) return null
              return <TooltipBox title={`Waiting ${bucket.label}`} rows={[['Payments', formatCount(bucket.count)]]} />
            }}
          />
          <Bar dataKey="count" fill={CHART.queue} fillOpacity={0.75} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  )
}

export function describeAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 60) return `${Math.max(1, minutes)} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h`
  return `${Math.floor(hours / 24)} days`
}
