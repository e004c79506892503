import { CopyField } from "@/components/ui/copy-field";
import { LocalTime } from "@/components/ui/local-time";
import type { CredentialResult } from "./actions";

export function CredentialCard({ r }: { r: CredentialResult }) {
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
      {r.credential.kind === "password" ? (
        <>
          <p className="text-sm">Give {r.email} this one-time password. It is shown only now.</p>
          <CopyField label="One-time password" value={r.credential.password} secret />
        </>
      ) : (
        <>
          <p className="text-sm">
            Send {r.email} this link to choose a password. It works once and expires <LocalTime value={r.credential.expiresAt} />.
          </p>
          <CopyField label="Set-password link" value={r.credential.url} secret />
        </>
      )}
    </div>
  );
}
