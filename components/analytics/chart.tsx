"use client";

import { useEffect, useId, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

export interface ChartProps {
  title: string;
  /** One sentence with the chart's main figures: the picture's accessible name. */
  summary: string;
  /** The x values' labels (days, weeks, funnel steps), also the table's first column. */
  labels: string[];
  /** The table's first column heading. */
  labelHeading: string;
  series: ChartSeries[];
  /** stacked: bars on top of each other; bars: one bar per label (first series); lines: one line per series. */
  kind: "stacked" | "bars" | "lines";
  format?: (v: number) => string;
  height?: number;
}

const plain = (v: number) => v.toLocaleString("en");

/**
 * One chart (uPlot, on a canvas) with its numbers beside it: the figure's accessible name says
 * the main figures, the legend names every series, and "Show table" opens the exact values.
 */
export function Chart({ title, summary, labels, labelHeading, series, kind, format = plain, height = 220 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [table, setTable] = useState(false);
  const tableId = useId();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    const draw = () => {
      plot?.destroy();
      const ink = getComputedStyle(el).color;
      const grid = "rgba(127,127,127,0.2)";
      const x = labels.map((_, i) => i);
      // Stacked bars: each series drawn as the sum of itself and those below it, tallest first.
      const shown =
        kind === "stacked"
          ? series.map((_, i) => labels.map((__, j) => series.slice(0, i + 1).reduce((n, s) => n + (s.values[j] ?? 0), 0))).reverse()
          : series.map((s) => s.values);
      const drawn = kind === "stacked" ? [...series].reverse() : series;
      const bars = uPlot.paths.bars!({ size: [0.7, 48], gap: 1 });
      // Room for one label per ~7 px a character plus a gap, beside the 56 px y axis.
      const room = Math.max(2, Math.floor((el.clientWidth - 56) / (Math.max(...labels.map((l) => l.length)) * 7 + 24)));
      const step = Math.max(1, Math.ceil(labels.length / room));
      plot = new uPlot(
        {
          width: el.clientWidth,
          height,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
          axes: [
            {
              stroke: ink,
              grid: { show: false },
              ticks: { stroke: grid },
              splits: () => x.filter((i) => i % step === 0),
              values: (_u, splits) => splits.map((i) => labels[i] ?? ""),
            },
            { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((v) => format(v)), size: 56 },
          ],
          series: [
            {},
            ...drawn.map((s) => ({
              label: s.label,
              stroke: s.color,
              fill: kind === "lines" ? undefined : s.color,
              width: kind === "lines" ? 2 : 0,
              paths: kind === "lines" ? undefined : bars,
              points: { show: kind === "lines" && labels.length < 40 },
            })),
          ],
        },
        [x, ...shown] as uPlot.AlignedData,
        el,
      );
      plot.root.querySelectorAll("canvas").forEach((c) => c.setAttribute("aria-hidden", "true"));
    };
    draw();
    // Redrawn at a new width and when the theme changes (the axes take the text colour).
    const resize = new ResizeObserver(() => plot && plot.width !== el.clientWidth && draw());
    resize.observe(el);
    const theme = new MutationObserver(draw);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      resize.disconnect();
      theme.disconnect();
      plot?.destroy();
    };
  }, [labels, series, kind, format, height]);

  return (
    <figure className="min-w-0 space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <figcaption className="font-medium">{title}</figcaption>
        <button
          type="button"
          className="text-sm text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
          aria-expanded={table}
          aria-controls={tableId}
          onClick={() => setTable((t) => !t)}
        >
          {table ? "Hide table" : "Show table"}
        </button>
      </div>
      <div ref={box} role="img" aria-label={`${title}: ${summary}`} className="w-full text-slate-600 dark:text-slate-300" style={{ minHeight: height }} />
      {series.length > 1 && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300" aria-label={`${title}: legend`}>
          {series.map((s) => (
            <li key={s.label} className="flex items-center gap-1.5">
              <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: s.color }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {/* Focusable, so a keyboard can scroll a long table. */}
      <div id={tableId} hidden={!table} tabIndex={0} role="region" aria-label={`${title}: table`} className="max-h-80 overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="sticky top-0 bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-900 dark:text-slate-300">
            <tr>
              <th scope="col" className="px-3 py-2">
                {labelHeading}
              </th>
              {series.map((s) => (
                <th key={s.label} scope="col" className="px-3 py-2 text-right">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {labels.map((l, i) => (
              <tr key={`${l}-${i}`}>
                <th scope="row" className="px-3 py-1.5 font-normal whitespace-nowrap">
                  {l}
                </th>
                {series.map((s) => (
                  <td key={s.label} className="px-3 py-1.5 text-right tabular-nums">
                    {s.values[i] == null ? "—" : format(s.values[i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
