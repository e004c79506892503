import type { Metadata } from "next";
import { openFlow } from "@/lib/flow/flow-session";
import { dictionary, pickLanguage } from "@/lib/flow/i18n";
import { finalStatuses, reasonText } from "@/lib/sessions/codes";
import { FlowShell, Notice } from "@/components/flow/flow-shell";
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
        <Notice tone="error" title={broken ? t.invalidTitle : t.submitFailed}>
          {broken ? t.invalidLead : null}
        </Notice>
      </FlowShell>
    );
  }

  if (finalStatuses.includes(session.status)) {
    return (
      <FlowShell title={t.title} lang={lang}>
        <FrameHandshake />
        <Notice tone="info" title={t.doneTitle}>
          <p>{t.doneLead}</p>
          <p className="mt-1 font-medium" data-testid="session-status">
            {t.status[session.status] ?? session.status}
          </p>
        </Notice>
        <div className="mt-auto">
          <CloseFrameButton label={t.close} />
        </div>
      </FlowShell>
    );
  }

  const test = session.environment === "test";
  if (session.status === "submitted" || session.status === "review") {
    if (test) {
      return <VerificationFlow token={token} lang={lang} test callbackUrl={session.callbackUrl} fixReason={null} pictures={{}} initialStep="submitted" />;
    }
    return (
      <FlowShell title={t.title} lang={lang}>
        <FrameHandshake />
        <Notice tone="ok" title={t.pendingTitle}>
          {t.pendingLead}
        </Notice>
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
      fixReason={reasonText(session.fixReasonCode)}
      pictures={Object.fromEntries(Object.entries(session.pictures).map(([c, m]) => [c, m!.id]))}
    />
  );
}
