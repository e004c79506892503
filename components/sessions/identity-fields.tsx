import { pictureLabel } from "@/lib/sessions/describe";

const card = "rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

type Obj = Record<string, unknown> | null | undefined;

const labels: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  fullName: "Full name",
  idNumber: "Personal id number",
  gender: "Gender",
  dateOfBirth: "Date of birth",
  placeOfBirth: "Place of birth",
  nationality: "Nationality",
  number: "Document number",
  type: "Document type",
  country: "Issuing country",
  validFrom: "Valid from",
  validUntil: "Valid until",
  placeOfIssue: "Place of issue",
  firstIssue: "First issued",
  issueNumber: "Issue number",
  issuedBy: "Issued by",
  fullAddress: "Address",
  street: "Street",
  houseNumber: "House number",
  unit: "Unit",
  postcode: "Postcode",
  city: "City",
  state: "State",
};

const documentTypes: Record<string, string> = { PASSPORT: "Passport", ID_CARD: "Identity card", DRIVERS_LICENSE: "Driving licence", RESIDENCE_PERMIT: "Residence permit" };
const genders: Record<string, string> = { M: "Male", F: "Female" };

const human = (k: string) => labels[k] ?? k.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

function text(k: string, v: unknown): string | null {
  if (v == null || v === "") return null;
  if (typeof v === "string") return k === "type" ? (documentTypes[v] ?? v) : k === "gender" ? (genders[v] ?? v) : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "object") return Object.entries(v as Record<string, unknown>).map(([a, b]) => `${human(a)}: ${text(a, b) ?? "—"}`).join(", ");
  return String(v);
}

function Group({ title, given, read }: { title: string; given: Obj; read?: Obj }) {
  const keys = [...new Set([...Object.keys(labels).filter((k) => (given && k in given) || (read && k in read)), ...Object.keys(given ?? {}), ...Object.keys(read ?? {})])];
  const shown = keys.filter((k) => text(k, given?.[k]) !== null || text(k, read?.[k]) !== null);
  return (
    <div>
      <h3 className="mb-1 text-sm font-semibold">{title}</h3>
      {shown.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Nothing given.</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="sr-only sm:not-sr-only">
            <tr className="text-left text-xs text-slate-600 dark:text-slate-400">
              <th className="w-40 py-1 font-medium">Field</th>
              <th className="py-1 font-medium">Given at creation</th>
              {read !== undefined && <th className="py-1 font-medium">Read from the pictures</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((k) => {
              const g = text(k, given?.[k]);
              const r = read !== undefined ? text(k, read?.[k]) : null;
              const differs = g !== null && r !== null && g.toLowerCase() !== r.toLowerCase();
              return (
                <tr key={k} className="border-t border-slate-100 align-top dark:border-slate-800">
                  <th scope="row" className="py-1.5 pr-2 text-left font-normal text-slate-600 dark:text-slate-400">
                    {human(k)}
                  </th>
                  <td className="py-1.5 pr-2 break-words">{g ?? <span className="text-slate-500">—</span>}</td>
                  {read !== undefined && (
                    <td className={`py-1.5 break-words ${differs ? "font-medium text-amber-800 dark:text-amber-300" : ""}`}>
                      {r ?? <span className="text-slate-500">—</span>}
                      {differs && <span className="ml-1 text-xs">(differs)</span>}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * Person, document and address as labelled fields: what the integration gave at creation beside
 * what the verification engine read off the pictures (when it ran), differences marked.
 */
export function IdentityFields({ person, document, address, verified, source }: { person: Obj; document: Obj; address: Obj; verified: { person?: Obj; document?: Obj } | null; source?: string }) {
  return (
    <section className={card} aria-labelledby="h-identity">
      <h2 id="h-identity" className="mb-1 text-lg font-semibold">
        Person, document and address
      </h2>
      <p className="mb-3 text-xs text-slate-600 dark:text-slate-400">
        {verified ? `Beside what was given at creation: what the verification engine read off the ${pictureLabel("document-front").toLowerCase()}.` : "As given at creation; nothing has been read off the pictures yet."}
        {source ? ` Created through ${source}.` : ""}
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <Group title="Person" given={person} read={verified ? (verified.person ?? null) : undefined} />
        <Group title="Document" given={document} read={verified ? (verified.document ?? null) : undefined} />
        <Group title="Address" given={address} />
      </div>
    </section>
  );
}
