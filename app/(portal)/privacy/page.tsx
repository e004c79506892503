import Link from "next/link";
import { requirePage } from "@/lib/auth/current-user";
import { findPersonSessions } from "@/lib/privacy/find-person-sessions";
import { personQuery } from "@/lib/validation/person-query";
import { buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { EmptyState, PageHeader, cardClass } from "@/components/ui/page";
import { DataTable } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { PersonErase } from "@/components/privacy/person-erase";
import { erasePersonAction } from "./actions";

export const metadata = { title: "Data requests" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** Data-subject requests (admins): find every session of one person, export it, or erase it. */
export default async function PrivacyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePage("privacy.manage");
  const sp = await searchParams;
  const typed = { vendorData: one(sp.vendorData), endUserId: one(sp.endUserId) };
  const asked = typed.vendorData !== "" || typed.endUserId !== "";
  const parsed = asked ? personQuery.safeParse(typed) : null;
  const sessions = parsed?.success ? await findPersonSessions(parsed.data) : [];
  const error = parsed && !parsed.success ? parsed.error.issues[0] : null;
  const fields = parsed?.success ? Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as Record<string, string> : {};
  return (
    <div className="space-y-4">
      <PageHeader
        title="Data requests"
        description="Find every session of one person by vendorData or endUserId, then export their data (JSON and pictures) or erase it. Both are audited."
      />
      <form method="get" className={`${cardClass} grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end`} aria-label="Find a person">
        <Field label="vendorData" name="vendorData" defaultValue={typed.vendorData} error={error?.path[0] === "vendorData" ? error.message : undefined} />
        <Field label="endUserId" name="endUserId" placeholder="a UUID" defaultValue={typed.endUserId} error={error?.path[0] === "endUserId" ? error.message : undefined} />
        <div className="flex gap-2">
          <button type="submit" className={buttonClass()}>
            Find sessions
          </button>
          <Link href="/privacy" className={buttonClass("ghost")}>
            Clear
          </Link>
        </div>
      </form>
      {parsed?.success &&
        (sessions.length === 0 ? (
          <EmptyState>No session matches. Erased sessions lose their vendorData and endUserId, so they are not found again.</EmptyState>
        ) : (
          <PersonErase erase={erasePersonAction} fields={fields} count={sessions.length}>
            <DataTable minWidth="min-w-[44rem]" caption={`${sessions.length} session(s) of this person`} columns={["Session", "Integration", "Status", "Created", "Pictures", "Personal data"]}>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td className="px-3 py-2 font-mono text-xs">
                    <Link href={`/sessions/${s.id}`} className="underline">
                      {s.id}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-sm">{s.integrationName}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={s.status} />
                  </td>
                  <td className="px-3 py-2 text-sm">
                    <LocalTime value={s.createdAt} />
                  </td>
                  <td className="px-3 py-2 text-sm">{s.media}</td>
                  <td className="px-3 py-2 text-sm">{s.dataRedactedAt ? <>redacted <LocalTime value={s.dataRedactedAt} /></> : "kept"}</td>
                </tr>
              ))}
            </DataTable>
            <a href={`/api/privacy/export?${new URLSearchParams(fields)}`} className={buttonClass("secondary")} download>
              Export (zip)
            </a>
          </PersonErase>
        ))}
    </div>
  );
}
