"use client";
import { useActionState, useEffect, useRef } from "react";
import type { FormAction } from "@/lib/actions/form-state";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";

const card = "rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

export interface SessionCommentView {
  id: string;
  decisionNote: boolean;
  authorName: string;
  body: string;
  createdAt: string;
}

/** Reviewers' notes (written with a decision) and comments, oldest first; the form when the user may comment. */
export function SessionComments({ sessionId, comments, comment }: { sessionId: string; comments: SessionCommentView[]; comment?: FormAction }) {
  return (
    <section className={card} aria-labelledby="h-comments">
      <h2 id="h-comments" className="mb-1 text-lg font-semibold">
        Notes and comments
      </h2>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">Sent to the integration in the decision webhook&apos;s comments.</p>
      {comments.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">None yet.</p>
      ) : (
        <ul className="space-y-2">
          {comments.map((c) => (
            <li key={c.id} className="rounded border border-slate-100 px-3 py-2 text-sm dark:border-slate-800">
              <div className="flex flex-wrap gap-x-2 text-xs text-slate-600 dark:text-slate-400">
                <span className="font-medium text-slate-800 dark:text-slate-200">{c.authorName}</span>
                <span>{c.decisionNote ? "note on the decision" : "comment"}</span>
                <LocalTime value={c.createdAt} />
              </div>
              <p className="whitespace-pre-wrap">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      {comment && <CommentForm sessionId={sessionId} comment={comment} />}
    </section>
  );
}

function CommentForm({ sessionId, comment }: { sessionId: string; comment: FormAction }) {
  const [state, action, pending] = useActionState(comment, { ok: false });
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  return (
    <form ref={form} action={action} className="mt-3 space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <label htmlFor="comment-body" className="block text-sm font-medium">
        Add a comment
      </label>
      <textarea id="comment-body" name="body" rows={2} maxLength={2000} className={inputClass} defaultValue={state.ok ? "" : state.values?.body} aria-invalid={!!state.fieldErrors?.body} />
      {state.fieldErrors?.body && <p className="text-sm text-red-700 dark:text-red-400">{state.fieldErrors.body}</p>}
      <button type="submit" disabled={pending} className={buttonClass("secondary")}>
        Add comment
      </button>
    </form>
  );
}
