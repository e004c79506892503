"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { Dictionary } from "@/lib/flow/i18n";
import type { FlowContext } from "@/lib/validation/flow";
import { Notice } from "./flow-shell";
import { CaptureGuidance } from "./guidance";

const MAX_BYTES = 24 * 1024 * 1024;
// Camera access exists only in secure contexts (https or localhost) with a mediaDevices API.
const hasCamera = () => typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getUserMedia === "function";

export interface Picture {
  id: string;
  url: string;
}

/**
 * One picture: the camera with a frame guide when there is one and the person allows it,
 * otherwise (or on request) a file chooser. Uploads at once and reports the stored picture.
 */
export function Capture({ token, context, t, onDone }: { token: string; context: FlowContext; t: Dictionary; onDone: (p: Picture) => void }) {
  const [mode, setMode] = useState<"camera" | "file">(() => (hasCamera() ? "camera" : "file"));
  const [cameraState, setCameraState] = useState<"starting" | "ready" | "failed">("starting");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(mode === "file" ? t.cameraUnavailable : null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const face = context === "face";

  useEffect(() => {
    if (mode !== "camera") return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: face ? "user" : "environment", width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((tr) => tr.stop());
        stream = s;
        if (videoRef.current) {
          videoRef.current.srcObject = s;
          videoRef.current.play().catch(() => {});
        }
        setCameraState("ready");
      })
      .catch(() => {
        if (cancelled) return;
        setCameraState("failed");
        setMode("file");
        setError(t.cameraUnavailable);
      });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [mode, face, t]);

  async function upload(blob: Blob, name: string) {
    if (blob.size > MAX_BYTES) return setError(t.tooLarge);
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.set("context", context);
      form.set("file", blob, name);
      const res = await fetch(`/v/${token}/media`, { method: "POST", body: form });
      const json = (await res.json().catch(() => ({}))) as { id?: string; code?: string };
      if (!res.ok || !json.id) return setError(t.error(json.code, t.uploadFailed));
      onDone({ id: json.id, url: URL.createObjectURL(blob) });
    } catch {
      setError(t.uploadFailed);
    } finally {
      setBusy(false);
    }
  }

  function snap() {
    const v = videoRef.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement("canvas");
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext("2d")!.drawImage(v, 0, 0);
    canvas.toBlob((b) => b && upload(b, `${context}.jpg`), "image/jpeg", 0.92);
  }

  const inputId = `file-${context}`;
  return (
    <div className="flex flex-col gap-3">
      <CaptureGuidance face={face} t={t} />
      <p className="text-sm text-slate-600 dark:text-slate-400">{face ? t.hintFace : t.hintDocument}</p>
      {mode === "camera" ? (
        <>
          <div className="relative aspect-[3/4] w-full overflow-hidden rounded-xl bg-slate-900 sm:aspect-video">
            <video ref={videoRef} playsInline muted className={`size-full object-cover ${face ? "-scale-x-100" : ""}`} aria-label={t[context]} />
            {/* The frame guide: everything outside it is dimmed. */}
            <div aria-hidden data-testid="frame-guide" className="pointer-events-none absolute inset-0 flex items-center justify-center">
              <div
                className={
                  face
                    ? "aspect-[3/4] w-[55%] rounded-[50%] border-4 border-white/90 shadow-[0_0_0_9999px_rgba(15,23,42,0.55)]"
                    : "aspect-[1.586] w-[86%] rounded-xl border-4 border-white/90 shadow-[0_0_0_9999px_rgba(15,23,42,0.55)]"
                }
              />
            </div>
            {cameraState === "starting" && <p className="absolute inset-x-0 bottom-3 text-center text-sm text-white">{t.cameraStarting}</p>}
          </div>
          <Button type="button" onClick={snap} disabled={busy || cameraState !== "ready"} className="w-full py-3 text-base">
            {busy ? t.uploading : t.takePhoto}
          </Button>
          <button type="button" className="text-sm text-brand-600 underline dark:text-brand-500" onClick={() => setMode("file")}>
            {t.useFile}
          </button>
        </>
      ) : (
        <>
          <label
            htmlFor={inputId}
            className="flex cursor-pointer flex-col items-center justify-center gap-1 rounded-xl border-2 border-dashed border-slate-300 px-4 py-10 text-center hover:border-brand-500 dark:border-slate-700"
          >
            <span className="text-base font-medium text-brand-600 dark:text-brand-500">{busy ? t.uploading : t.chooseFile}</span>
            <span className="text-xs text-slate-500 dark:text-slate-400">{t.fileHint}</span>
          </label>
          <input
            id={inputId}
            type="file"
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"
            capture={face ? "user" : "environment"}
            className="sr-only"
            disabled={busy}
            aria-label={t.chooseFile}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = "";
              if (f) upload(f, f.name);
            }}
          />
          {cameraState !== "failed" && hasCamera() && (
            <button
              type="button"
              className="text-sm text-brand-600 underline dark:text-brand-500"
              onClick={() => {
                setError(null);
                setCameraState("starting");
                setMode("camera");
              }}
            >
              {t.useCamera}
            </button>
          )}
        </>
      )}
      {error && <Notice tone={mode === "file" && error === t.cameraUnavailable ? "warn" : "error"}>{error}</Notice>}
    </div>
  );
}
