import type { Metadata } from "next";
import { openFlow } from "@/lib/flow/flow-session";
import { dictionary, pickLanguage } from "@/lib/flow/i18n";
import { finalStatuses } from "@/lib/sessions/codes";
import { FinalScreen, FlowShell } from "@/components/flow/flow-shell";
import { CloseFrameButton, FrameHandshake } from "@/components/flow/frame-bridge";
import { VerificationFlow } from "@/components/flow/verification-flow";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Verification", robots: { index: false } };

export default async function HostedFlowPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ lang?: string | string[] }> }) {
  const [{ token }, query] = await Promise.all([params, searchParams]);
  const queryLang = Array.isArray(query.lang) ? query.lang[0] : query.lang;
  let session;
  try {
    session = await openFlow(token);
  } catch (e) {
    console.error("[flow] opening a session failed", e);
    session = undefined;
  }
  const lang = pickLanguage(queryLang, session?.lang);
  const t = dictionary(lang);

  if (session === undefined || session === null) {
    const broken = session === null;
    return (
      <FlowShell title={t.title} lang={lang}>
        <FrameHandshake />
        <FinalScreen tone="error" title={broken ? t.invalidTitle : t.submitFailed} lang={lang}>
          {broken ? <p>{t.invalidLead}</p> : null}
        </FinalScreen>
      </FlowShell>
    );
  }

  if (finalStatuses.includes(session.status)) {
    return (
      <FlowShell title={t.title} lang={lang} brand={session.brand}>
        <FrameHandshake />
        <FinalScreen tone="info" title={t.doneTitle} lang={lang} supportEmail={session.brand.supportEmail}>
          <p>{t.doneLead}</p>
          <p className="font-medium" data-testid="session-status">
            {t.status[session.status] ?? session.status}
          </p>
        </FinalScreen>
        <div className="mt-auto">
          <CloseFrameButton label={t.close} />
        </div>
      </FlowShell>
    );
  }

  const test = session.environment === "test";
  if (session.status === "submitted" || session.status === "review") {
    if (test) {
      return <VerificationFlow token={token} lang={lang} test callbackUrl={session.callbackUrl} fixReasonCode={null} brand={session.brand} pictures={{}} initialStep="submitted" />;
    }
    return (
      <FlowShell title={t.title} lang={lang} brand={session.brand}>
        <FrameHandshake />
        <FinalScreen tone="ok" title={t.pendingTitle} lang={lang} supportEmail={session.brand.supportEmail}>
          <p>{t.pendingLead}</p>
        </FinalScreen>
        <div className="mt-auto">
          <CloseFrameButton label={t.close} />
        </div>
      </FlowShell>
    );
  }

  return (
    <VerificationFlow
      token={token}
      lang={lang}
      test={test}
      callbackUrl={session.callbackUrl}
      fixReasonCode={session.fixReasonCode}
      brand={session.brand}
      pictures={Object.fromEntries(Object.entries(session.pictures).map(([c, m]) => [c, m!.id]))}
    />
  );
}
