"use client";
import { useRef } from "react";
import { QRCodeCanvas, QRCodeSVG } from "qrcode.react";
import { CopyButton } from "@/components/ui/copy-button";
import { LocalTime } from "@/components/ui/local-time";
import { buttonClass } from "@/components/ui/button";

function download(href: string, filename: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The session link with its QR code (error correction M, quiet zone), copy, downloads, open, e-mail and expiry. */
export function SessionLinkCard({ url, expiresAt, sessionId, person, expired = false }: { url: string; expiresAt: string; sessionId: string; person?: string | null; expired?: boolean }) {
  const svgWrap = useRef<HTMLDivElement>(null);
  const canvasWrap = useRef<HTMLDivElement>(null);
  const base = `verification-${sessionId.slice(0, 8)}`;
  const mail = `mailto:?subject=${encodeURIComponent("Verify your identity")}&body=${encodeURIComponent(
    `Hello${person ? ` ${person}` : ""},\n\nPlease verify your identity here: ${url}\n\nThe link is valid until ${new Date(expiresAt).toUTCString()}.`,
  )}`;
  return (
    <section aria-label="Session link" className="space-y-3 rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-col gap-4 sm:flex-row">
        <div ref={svgWrap} className="shrink-0 self-start rounded bg-white p-0" data-testid="qr-svg">
          <QRCodeSVG value={url} size={176} level="M" marginSize={4} title="QR code of the session link" />
        </div>
        <div ref={canvasWrap} className="hidden" aria-hidden>
          <QRCodeCanvas value={url} size={512} level="M" marginSize={4} />
        </div>
        <div className="min-w-0 flex-1 space-y-2">
          <label htmlFor={`link-${sessionId}`} className="block text-sm font-medium">
            Session link
          </label>
          <input
            id={`link-${sessionId}`}
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            className="block w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs dark:border-slate-700 dark:bg-slate-800"
          />
          <p className={`text-sm ${expired ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}`}>
            {expired ? "Expired " : "Valid until "}
            <LocalTime value={expiresAt} />
            {expired && " — create a new verification for this person."}
          </p>
          <div className="flex flex-wrap gap-2">
            <CopyButton text={url} label="Copy link" />
          </div>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={buttonClass("secondary")}
              onClick={() => {
                const canvas = canvasWrap.current?.querySelector("canvas");
                if (canvas) download(canvas.toDataURL("image/png"), `${base}.png`);
              }}
            >
              Download QR (PNG)
            </button>
            <button
              type="button"
              className={buttonClass("secondary")}
              onClick={() => {
                const svg = svgWrap.current?.querySelector("svg");
                if (!svg) return;
                const xml = new XMLSerializer().serializeToString(svg);
                const blob = new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`], { type: "image/svg+xml" });
                const href = URL.createObjectURL(blob);
                download(href, `${base}.svg`);
                setTimeout(() => URL.revokeObjectURL(href), 1000);
              }}
            >
              Download QR (SVG)
            </button>
            <a href={url} target="_blank" rel="noopener noreferrer" className={buttonClass("secondary")}>
              Open link
            </a>
            <a href={mail} className={buttonClass("secondary")}>
              Email link
            </a>
          </div>
        </div>
      </div>
    </section>
  );
}
