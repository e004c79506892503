"use client";
import { useEffect } from "react";
import { buttonClass } from "@/components/ui/button";
import { isFramed, postToParent, type VeriffMessage } from "./frame";

/** Says hello to an embedding page (VERIFF_HANDSHAKE) on load. */
export function FrameHandshake() {
  useEffect(() => postToParent("VERIFF_HANDSHAKE"), []);
  return null;
}

/** On the finished screens: inside the SDK's frame, a button that lets the parent close it. */
export function CloseFrameButton({ label, message = "VERIFF_FINISHED" }: { label: string; message?: VeriffMessage }) {
  return (
    <button type="button" className={buttonClass("secondary")} onClick={() => (isFramed() ? postToParent(message) : window.close())}>
      {label}
    </button>
  );
}
