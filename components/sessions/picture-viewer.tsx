"use client";
import { useState } from "react";
import { pictureLabel } from "@/lib/sessions/describe";
import { StatusBadge } from "@/components/ui/status-badge";
import type { SessionStatus } from "@/lib/sessions/codes";

export interface ViewerMedia {
  id: string;
  context: string;
  mimetype: string;
  createdAt: string;
}
export interface ViewerAttempt {
  id: string;
  number: number;
  status: SessionStatus;
  media: ViewerMedia[];
}

const card = "rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
const tool = "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

/** Each attempt's pictures: the latest of each kind is current; earlier ones of the same kind were retaken. */
function split(a: ViewerAttempt) {
  const latest = new Map<string, ViewerMedia>();
  for (const m of a.media) latest.set(m.context, m);
  const current = a.media.filter((m) => latest.get(m.context) === m);
  const superseded = a.media.filter((m) => latest.get(m.context) !== m);
  return { current, superseded };
}

const nameOf = (a: ViewerAttempt, m: ViewerMedia) => `${pictureLabel(m.context)}, attempt ${a.number}`;

function Pane({ label, options, value, onChange }: { label: string; options: { id: string; name: string; mimetype: string }[]; value: string; onChange: (id: string) => void }) {
  const [zoom, setZoom] = useState(1);
  const [turn, setTurn] = useState(0);
  const m = options.find((o) => o.id === value);
  return (
    <figure className="min-w-0 flex-1 space-y-2" aria-label={label}>
      <div className="flex flex-wrap items-center gap-1.5">
        <label className="sr-only" htmlFor={`pane-${label}`}>
          {label}
        </label>
        <select
          id={`pane-${label}`}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            setZoom(1);
            setTurn(0);
          }}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <button type="button" className={tool} onClick={() => setZoom((z) => Math.max(1, z / 1.5))} aria-label={`Zoom out ${label}`} disabled={zoom <= 1}>
          −
        </button>
        <span className="w-12 text-center text-xs tabular-nums" aria-live="polite">
          {Math.round(zoom * 100)}%
        </span>
        <button type="button" className={tool} onClick={() => setZoom((z) => Math.min(8, z * 1.5))} aria-label={`Zoom in ${label}`}>
          +
        </button>
        <button type="button" className={tool} onClick={() => setTurn((t) => (t + 90) % 360)} aria-label={`Rotate ${label}`}>
          ⟳ Rotate
        </button>
        <button type="button" className={tool} onClick={() => (setZoom(1), setTurn(0))}>
          Reset
        </button>
      </div>
      <div className="h-80 overflow-auto rounded border border-slate-200 bg-slate-100 sm:h-[28rem] dark:border-slate-700 dark:bg-slate-800" data-testid="viewer-pane">
        {m && m.mimetype.startsWith("image/") ? (
          <div className="grid h-full min-h-full place-items-center" style={{ width: `${zoom * 100}%`, height: `${zoom * 100}%` }}>
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={`/api/media/${m.id}`} alt={m.name} className="max-h-full max-w-full object-contain transition-transform" style={{ transform: `rotate(${turn}deg)` }} data-zoom={zoom} data-rotate={turn} />
          </div>
        ) : m ? (
          <a href={`/api/media/${m.id}`} target="_blank" rel="noopener" className="grid h-full place-items-center underline">
            Open the PDF ({m.name})
          </a>
        ) : (
          <p className="grid h-full place-items-center text-sm text-slate-600 dark:text-slate-400">No picture.</p>
        )}
      </div>
      <figcaption className="text-xs text-slate-600 dark:text-slate-400">{m?.name}</figcaption>
    </figure>
  );
}

/**
 * The session's pictures in words ("Document front, attempt 2"), retaken ones marked and folded
 * away, and a side-by-side viewer with zoom and rotation: the document photo beside the selfie
 * by default, any two pictures of any attempts on request.
 */
export function PictureViewer({ attempts }: { attempts: ViewerAttempt[] }) {
  const options = [...attempts].reverse().flatMap((a) => a.media.map((m) => ({ id: m.id, name: nameOf(a, m) + (split(a).superseded.includes(m) ? " (retaken)" : ""), mimetype: m.mimetype, context: m.context })));
  const latest = [...attempts].reverse().map(split).find((x) => x.current.length)?.current ?? [];
  const first = latest.find((m) => m.context === "document-front") ?? latest[0];
  const second = latest.find((m) => m.context === "face") ?? latest.find((m) => m !== first);
  const [left, setLeft] = useState(first?.id ?? "");
  const [right, setRight] = useState(second?.id ?? first?.id ?? "");
  const [open, setOpen] = useState(true);
  return (
    <section className={card} aria-labelledby="h-attempts">
      <h2 id="h-attempts" className="mb-2 text-lg font-semibold">
        Attempts and pictures
      </h2>
      {attempts.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No attempts.</p>}
      {options.length > 0 && (
        <div className="mb-4 space-y-2">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">Compare side by side</h3>
            <button type="button" className={tool} aria-expanded={open} onClick={() => setOpen((v) => !v)}>
              {open ? "Hide viewer" : "Show viewer"}
            </button>
          </div>
          {open && (
            <div className="flex flex-col gap-4 md:flex-row">
              <Pane label="Left picture" options={options} value={left} onChange={setLeft} />
              <Pane label="Right picture" options={options} value={right} onChange={setRight} />
            </div>
          )}
        </div>
      )}
      <ul className="space-y-4">
        {[...attempts].reverse().map((a) => {
          const { current, superseded } = split(a);
          return (
            <li key={a.id}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">Attempt {a.number}</span>
                <StatusBadge status={a.status} />
                <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{a.id}</span>
              </div>
              {a.media.length === 0 ? (
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No pictures uploaded.</p>
              ) : (
                <>
                  <Thumbs attempt={a} media={current} onPick={(id) => (setLeft(id), setOpen(true))} />
                  {superseded.length > 0 && (
                    <details className="mt-2">
                      <summary className="cursor-pointer text-sm text-slate-700 dark:text-slate-300">
                        {superseded.length} retaken picture{superseded.length === 1 ? "" : "s"} (superseded)
                      </summary>
                      <Thumbs attempt={a} media={superseded} superseded onPick={(id) => (setRight(id), setOpen(true))} />
                    </details>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Thumbs({ attempt, media, superseded = false, onPick }: { attempt: ViewerAttempt; media: ViewerMedia[]; superseded?: boolean; onPick: (id: string) => void }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-3">
      {media.map((m) => (
        <li key={m.id} className="w-40">
          <button type="button" onClick={() => onPick(m.id)} className="block w-full text-left" aria-label={`Show ${nameOf(attempt, m)} in the viewer`}>
            {m.mimetype.startsWith("image/") ? (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={`/api/media/${m.id}`} alt={nameOf(attempt, m)} className={`h-28 w-40 rounded border border-slate-200 object-cover dark:border-slate-700 ${superseded ? "opacity-60" : ""}`} loading="lazy" />
            ) : (
              <span className="grid h-28 w-40 place-items-center rounded border border-slate-200 text-sm dark:border-slate-700">PDF</span>
            )}
          </button>
          <div className="mt-1 text-xs font-medium">
            {pictureLabel(m.context)}
            {superseded && <span className="ml-1 rounded bg-slate-200 px-1 font-normal dark:bg-slate-700">retaken</span>}
          </div>
          <a href={`/api/media/${m.id}`} target="_blank" rel="noopener" className="text-xs text-brand-700 underline dark:text-brand-100" aria-label={`Open ${nameOf(attempt, m)} full size`}>
            Full size
          </a>
        </li>
      ))}
    </ul>
  );
}
