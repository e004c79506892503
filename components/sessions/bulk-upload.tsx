"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { DataTable } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import type { BatchView } from "@/lib/bulk/get-batch";

type Choice = { id: string; name: string; environment: string; active: boolean };
type Failure = { error: string; field?: string };

async function send(url: string, init: RequestInit): Promise<BatchView> {
  const res = await fetch(url, init);
  const json = await res.json().catch(() => ({ error: `The server answered HTTP ${res.status}.` }));
  if (!res.ok) throw json as Failure;
  return json as BatchView;
}

/**
 * Add Verification's CSV tab: upload → preview with every row's errors (nothing created yet) →
 * start → progress, polled from the batch, which carries on on the server if the page closes.
 */
export function BulkUpload({ integrations, emailConfigured, maxRows, maxMb }: { integrations: Choice[]; emailConfigured: boolean; maxRows: number; maxMb: number }) {
  const [batchId, setBatchId] = useState<string | null>(null);
  const [sendEmail, setSendEmail] = useState(true);
  const qc = useQueryClient();
  const upload = useMutation({
    mutationFn: (form: FormData) => send("/api/bulk", { method: "POST", body: form }),
    onSuccess: (b) => {
      qc.setQueryData(["bulk", b.id], b);
      setBatchId(b.id);
      setSendEmail(b.sendEmail);
    },
  });
  const batch = useQuery({
    queryKey: ["bulk", batchId],
    queryFn: () => send(`/api/bulk/${batchId}`, { cache: "no-store" }),
    enabled: batchId !== null,
    refetchInterval: (q) => (q.state.data?.state === "queued" ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: () => send(`/api/bulk/${batchId}/start`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sendEmail }) }),
    onSuccess: (b) => qc.setQueryData(["bulk", b.id], b),
  });
  const b = batch.data;

  if (!b) {
    const failure = upload.error as Failure | null;
    return (
      <form
        className="max-w-xl space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          upload.mutate(new FormData(e.currentTarget));
        }}
      >
        {failure && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            {failure.error}
          </p>
        )}
        <div className="space-y-1">
          <label htmlFor="b-integrationId" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
            Integration
          </label>
          <select id="b-integrationId" name="integrationId" className={inputClass} defaultValue={integrations.find((i) => i.active)?.id ?? ""}>
            {integrations.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} ({i.environment}){i.active ? "" : " — inactive"}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="b-file" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
            CSV file
          </label>
          <input
            id="b-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="b-file-hint"
            aria-invalid={failure?.field === "file" ? true : undefined}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium dark:file:bg-slate-800"
          />
          <p id="b-file-hint" className="text-sm text-slate-600 dark:text-slate-400">
            A header row, then one person per row: <code>firstName,lastName,vendorData,endUserId,email,language</code> (only the names are required). Up to{" "}
            {maxRows.toLocaleString("en")} rows and {maxMb} MB.
          </p>
        </div>
        {emailConfigured ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="sendEmail" defaultChecked className="size-4" /> E-mail each person with an address their link
          </label>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">E-mail is not configured on this server (SMTP_URL): the links are not sent, download them instead.</p>
        )}
        <Button type="submit" disabled={upload.isPending}>
          {upload.isPending ? "Checking…" : "Check the file"}
        </Button>
      </form>
    );
  }

  const todo = b.rows - b.counts.invalid;
  const done = b.counts.created + b.counts.failed;
  const startFailure = start.error as Failure | null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
        <span className="font-medium">{b.fileName}</span>
        <span>
          {b.rows.toLocaleString("en")} row(s) for {b.integrationName}
        </span>
        {b.counts.invalid > 0 && <span className="text-red-700 dark:text-red-300">{b.counts.invalid} with errors (not created)</span>}
      </div>
      {b.state === "draft" ? (
        <div className="space-y-3">
          <p role="status" className="text-sm">
            Nothing has been created yet. {todo > 0 ? `${todo.toLocaleString("en")} valid row(s) will be created` : "No row is valid: correct the file and upload it again."}
            {todo > 0 && b.counts.invalid > 0 ? "; the rows with errors are skipped." : todo > 0 ? "." : ""}
          </p>
          {startFailure && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
              {startFailure.error}
            </p>
          )}
          {b.sendEmail && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={sendEmail} onChange={(e) => setSendEmail(e.target.checked)} className="size-4" /> E-mail each person with an address their link
            </label>
          )}
          <div className="flex flex-wrap gap-3">
            <Button type="button" disabled={todo === 0 || start.isPending} onClick={() => start.mutate()}>
              {start.isPending ? "Starting…" : `Create ${todo.toLocaleString("en")} verification(s)`}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setBatchId(null)}>
              Upload another file
            </Button>
          </div>
        </div>
      ) : (
        <div className="space-y-3">
          <div>
            <div className="mb-1 flex justify-between text-sm">
              <span role="status">
                {b.state === "done" ? "Done: " : "Creating: "}
                {b.counts.created.toLocaleString("en")} created{b.counts.failed ? `, ${b.counts.failed} failed` : ""} of {todo.toLocaleString("en")}
                {b.sendEmail ? `; ${b.emails} e-mail(s) queued` : ""}
              </span>
              {b.waitingUntil && (
                <span className="text-amber-700 dark:text-amber-300">
                  Waiting for the integration&apos;s rate cap until <LocalTime value={b.waitingUntil} />
                </span>
              )}
            </div>
            <progress className="h-2 w-full accent-brand-600" max={todo} value={done} aria-label="Verifications created" />
            {b.state === "queued" && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">This carries on on the server if you close the page.</p>}
          </div>
          {b.state === "done" && (
            <div className="flex flex-wrap gap-3">
              <a className={buttonClass("primary")} href={`/api/bulk/${b.id}/results`} download>
                Download links (CSV)
              </a>
              <a className={buttonClass("secondary")} href={`/api/bulk/${b.id}/qr`} download>
                Download QR codes (ZIP)
              </a>
              <Button type="button" variant="ghost" onClick={() => setBatchId(null)}>
                Upload another file
              </Button>
            </div>
          )}
        </div>
      )}
      {b.problems.length > 0 && (
        <DataTable columns={["Row", "Name", "", "Problem"]} minWidth="min-w-[36rem]" caption="Rows with errors">
          {b.problems.map((p) => (
            <tr key={p.rowNumber}>
              <td className="px-3 py-2 tabular-nums">{p.rowNumber}</td>
              <td className="px-3 py-2">{p.person || "—"}</td>
              <td className="px-3 py-2 text-xs text-slate-600 dark:text-slate-400">{p.state === "invalid" ? "not created" : "failed"}</td>
              <td className="px-3 py-2">
                {p.errors.map((e, i) => (
                  <div key={i}>
                    {e.field !== "row" && <span className="font-mono text-xs">{e.field}: </span>}
                    {e.message}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
