import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

/** `raw`: one point per check; `hourly`: percentiles of each hour's roll-up. */
export type ChartKind = 'raw' | 'hourly'

export interface ChartData {
  kind: ChartKind
  /** The window drawn, epoch seconds, whatever part of it has points. */
  from: number
  to: number
  /** x (epoch seconds) first, then one array per series of `kind`. */
  data: uPlot.AlignedData
}

const HEIGHT = 260
const COLORS = { accent: '#2563eb', warn: '#b45309', bad: '#b91c1c', muted: '#6b7280', grid: '#eceef2' }
const msValue = (_u: uPlot, value: number | null) => (value === null || value === undefined ? '–' : `${Math.round(value)} ms`)

function seriesOf(kind: ChartKind): uPlot.Series[] {
  if (kind === 'raw') {
    return [
      {},
      // Points show (as uPlot decides) only while they are few: then a lone check is visible.
      { label: 'response time', stroke: COLORS.accent, width: 1.5, fill: 'rgba(37, 99, 235, 0.08)', points: { size: 6, fill: COLORS.accent }, value: msValue },
      // Checks that counted as down, drawn as dots: a failure is an event, not a line.
      { label: 'down', stroke: COLORS.bad, fill: COLORS.bad, paths: () => null, points: { show: true, size: 6, fill: COLORS.bad }, value: msValue },
    ]
  }
  return [
    {},
    { label: 'p50', stroke: COLORS.accent, width: 1.5, value: msValue },
    { label: 'p95', stroke: COLORS.warn, width: 1.5, value: msValue },
    { label: 'p99', stroke: COLORS.bad, width: 1, dash: [4, 3], value: msValue },
  ]
}

function optionsOf(kind: ChartKind, width: number, span: { current: { from: number; to: number } }): uPlot.Options {
  const axis = { stroke: COLORS.muted, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid, width: 1 } }
  return {
    width,
    height: HEIGHT,
    series: seriesOf(kind),
    scales: {
      x: { time: true, range: () => [span.current.from, span.current.to] },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 100] },
    },
    axes: [axis, { ...axis, size: 64, values: (_u, splits) => splits.map((v) => `${v} ms`) }],
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
  }
}

/**
 * A uPlot line chart of response times. The plot is made once per kind and handed new
 * data with `setData`: drawing 10,000 points on a canvas is a few milliseconds, where
 * SVG charts with one element per point stall the page.
 */
export function ResponseChart({ chart }: { chart: ChartData }) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot>(undefined)
  const span = useRef({ from: chart.from, to: chart.to })
  const latest = useRef(chart.data)
  useEffect(() => {
    span.current = { from: chart.from, to: chart.to }
    latest.current = chart.data
  })

  useEffect(() => {
    const element = box.current
    if (!element) return
    const made = new uPlot(optionsOf(chart.kind, Math.max(200, element.clientWidth), span), latest.current, element)
    plot.current = made
    const resize = new ResizeObserver(() => made.setSize({ width: Math.max(200, element.clientWidth), height: HEIGHT }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      made.destroy()
      plot.current = undefined
    }
  }, [chart.kind])

  useEffect(() => {
    plot.current?.setData(chart.data)
  }, [chart.data, chart.from, chart.to])

  return <div ref={box} className="monitor-chart" data-kind={chart.kind} data-points={chart.data[0].length} />
}
