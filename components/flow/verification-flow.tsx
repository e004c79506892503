"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { dictionary } from "@/lib/flow/i18n";
import { flowContexts, type FlowContext } from "@/lib/validation/flow";
import { Capture, type Picture } from "./capture";
import { FinalScreen, FlowShell, Notice } from "./flow-shell";
import { FlowProgress } from "./progress";
import type { FlowBrand } from "@/lib/flow/branding";
import { isFramed, postToParent } from "./frame";
import { TestPanel } from "./test-panel";

type Step = "intro" | FlowContext | "review" | "submitted" | "finished" | "canceled";

export interface VerificationFlowProps {
  token: string;
  lang: string;
  test: boolean;
  callbackUrl: string | null;
  /** The resubmission reason the new attempt must fix (shown in the person's language). */
  fixReasonCode: number | null;
  brand: FlowBrand;
  pictures: Partial<Record<FlowContext, string>>;
  /** "submitted" when the page opens on an already submitted test session (the panel is still open). */
  initialStep?: "intro" | "submitted";
}

export function VerificationFlow(props: VerificationFlowProps) {
  const t = dictionary(props.lang);
  const [step, setStep] = useState<Step>(props.initialStep ?? "intro");
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const [pictures, setPictures] = useState<Partial<Record<FlowContext, Picture>>>(() =>
    Object.fromEntries(Object.entries(props.pictures).map(([c, id]) => [c, { id: id!, url: `/v/${props.token}/media/${id}` }])),
  );
  const [retaking, setRetaking] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => postToParent("VERIFF_HANDSHAKE"), []);

  function finish() {
    setStep("finished");
    if (isFramed()) postToParent("VERIFF_FINISHED");
    else if (props.callbackUrl) window.location.assign(props.callbackUrl);
  }

  function next(after: FlowContext) {
    if (retaking) {
      setRetaking(false);
      return setStep("review");
    }
    const i = flowContexts.indexOf(after);
    setStep(flowContexts[i + 1] ?? "review");
  }

  async function submit() {
    setSubmitting(true);
    setError(null);
    try {
      const res = await fetch(`/v/${props.token}/submit`, { method: "POST" });
      const json = (await res.json().catch(() => ({}))) as { code?: string };
      if (!res.ok) return setError(t.error(json.code, t.submitFailed));
      postToParent("VERIFF_SUBMITTED");
      if (props.test) setStep("submitted");
      else finish();
    } catch {
      setError(t.submitFailed);
    } finally {
      setSubmitting(false);
    }
  }

  // Cancel is offered until the pictures are submitted, never after.
  const cancellable = step === "intro" || step === "review" || (flowContexts as readonly string[]).includes(step);
  const fixReason = t.reasonFor(props.fixReasonCode);
  const brand = props.brand;
  const cancel = cancellable ? (
      <Button
        variant="ghost"
        type="button"
        onClick={() => {
          postToParent("VERIFF_CANCELED");
          setStep("canceled");
        }}
      >
        {t.cancel}
      </Button>
    ) : null;

  return (
    <FlowShell title={t.title} lang={props.lang} actions={cancel} brand={brand}>
      {cancellable && <FlowProgress current={step === "intro" ? "consent" : (step as FlowContext | "review")} t={t} />}
      {step === "intro" && (
        <form
          className="flex flex-1 flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!consent) return setConsentError(true);
            postToParent("VERIFF_STARTED");
            setStep(flowContexts.find((c) => !pictures[c]) ?? "review");
          }}
        >
          {fixReason && (
            <Notice tone="warn" title={t.fixTitle}>
              {t.fixLead} {fixReason}
            </Notice>
          )}
          <div className="space-y-2">
            <h2 className="text-xl font-semibold" data-testid="consent-asks">
              {t.asks(brand.name)}
            </h2>
            <p className="text-slate-700 dark:text-slate-300">{t.why(brand.name)}</p>
          </div>
          <div>
            <h3 className="mb-1 text-sm font-semibold">{t.introHeading}</h3>
            <ol className="list-decimal space-y-1 ps-5 text-sm text-slate-700 dark:text-slate-300">
              {t.introSteps.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ol>
          </div>
          <label className="flex items-start gap-3 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
            <input
              type="checkbox"
              className="mt-0.5 size-5 accent-brand-600"
              checked={consent}
              onChange={(e) => {
                setConsent(e.target.checked);
                setConsentError(false);
              }}
              aria-describedby={consentError ? "consent-error" : undefined}
            />
            <span>{t.consent(brand.name)}</span>
          </label>
          {brand.privacyPolicyUrl?.startsWith("https://") && (
            <p className="text-sm">
              <a href={brand.privacyPolicyUrl} target="_blank" rel="noopener noreferrer" className="text-brand-600 underline dark:text-brand-500">
                {t.privacyLink(brand.name)} <span className="sr-only">{t.newTab}</span>
              </a>
            </p>
          )}
          {consentError && (
            <p id="consent-error" role="alert" className="text-sm text-red-600 dark:text-red-400">
              {t.consentRequired}
            </p>
          )}
          <Button type="submit" className="mt-auto w-full py-3 text-base">
            {t.start}
          </Button>
        </form>
      )}

      {(flowContexts as readonly string[]).includes(step) && (
        <section className="flex flex-col gap-3" aria-labelledby="step-title">
          <h2 id="step-title" className="text-lg font-semibold">
            {t[step as FlowContext]}
          </h2>
          <Capture
            key={step}
            token={props.token}
            context={step as FlowContext}
            t={t}
            onDone={(p) => {
              setPictures((ps) => ({ ...ps, [step]: p }));
              next(step as FlowContext);
            }}
          />
        </section>
      )}

      {step === "review" && (
        <section className="flex flex-1 flex-col gap-4" aria-labelledby="review-title">
          <div>
            <h2 id="review-title" className="text-lg font-semibold">
              {t.review}
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">{t.reviewLead}</p>
          </div>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            {flowContexts.map((c) => (
              <li key={c} className="flex flex-col gap-2">
                <figure className="overflow-hidden rounded-lg border border-slate-200 bg-slate-100 dark:border-slate-700 dark:bg-slate-800">
                  {pictures[c] ? (
                    // eslint-disable-next-line @next/next/no-img-element -- a local blob: URL of the person's own picture
                    <img src={pictures[c]!.url} alt={t[c]} className="aspect-[4/3] w-full object-cover" />
                  ) : (
                    <div className="aspect-[4/3]" />
                  )}
                  <figcaption className="px-2 py-1 text-xs">{t[c]}</figcaption>
                </figure>
                <Button
                  variant="secondary"
                  type="button"
                  aria-label={`${t.retake}: ${t[c]}`}
                  onClick={() => {
                    setRetaking(true);
                    setStep(c);
                  }}
                >
                  {t.retake}
                </Button>
              </li>
            ))}
          </ul>
          {error && <Notice tone="error">{error}</Notice>}
          <Button type="button" onClick={submit} disabled={submitting || flowContexts.some((c) => !pictures[c])} className="mt-auto w-full py-3 text-base">
            {submitting ? t.submitting : t.submit}
          </Button>
        </section>
      )}

      {step === "submitted" && (
        <>
          <FinalScreen tone="ok" title={t.thanksTitle} lang={props.lang} supportEmail={brand.supportEmail}>
            <p>{t.pendingLead}</p>
          </FinalScreen>
          <TestPanel token={props.token} t={t} onContinue={finish} />
        </>
      )}

      {step === "finished" && (
        <FinalScreen tone="ok" title={t.thanksTitle} lang={props.lang} supportEmail={brand.supportEmail}>
          <p>{t.thanksLead(brand.name)}</p>
        </FinalScreen>
      )}

      {step === "canceled" && (
        <>
          <FinalScreen tone="info" title={t.canceledTitle} lang={props.lang} supportEmail={brand.supportEmail}>
            <p>{t.canceledLead}</p>
          </FinalScreen>
          <Button type="button" className="mt-auto w-full py-3 text-base" onClick={() => setStep("intro")}>
            {t.resume}
          </Button>
        </>
      )}
    </FlowShell>
  );
}
