"use client";
import { useId, useRef, type ReactNode } from "react";
import { Button } from "./button";

type Variant = "danger" | "primary" | "secondary";

/**
 * A submit button that asks first. Put it inside the form it submits: the button opens a native
 * <dialog> (focus trapped, Escape or Cancel closes it, Cancel has the focus), and only the
 * dialog's confirm button submits the form.
 */
export function ConfirmSubmit({
  children,
  title,
  body,
  confirmLabel,
  variant = "danger",
  disabled,
  className,
  "aria-label": ariaLabel,
}: {
  children: ReactNode;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  variant?: Variant;
  disabled?: boolean;
  className?: string;
  "aria-label"?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  return (
    <>
      <Button type="button" variant={variant} disabled={disabled} className={className} aria-label={ariaLabel} aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>
        {children}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <div className="space-y-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold">
            {title}
          </h2>
          <div id={`${id}-body`} className="text-sm text-slate-700 dark:text-slate-300">
            {body}
          </div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" autoFocus onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant={variant} onClick={() => dialog.current?.close()}>
              {confirmLabel}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
