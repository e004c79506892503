import { openApiDocument } from "./openapi.ts";

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

type Doc = ReturnType<typeof openApiDocument>;
type Op = { operationId: string; summary: string; parameters?: { name?: string; in?: string; $ref?: string; description?: string; required?: boolean }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> };

function schemaName(s: unknown): string {
  const r = (s as { $ref?: string })?.$ref;
  return r ? r.split("/").pop()! : "";
}

/** GET /v1/docs: the OpenAPI document as a plain, readable HTML page (no scripts). */
export function renderDocsPage(doc: Doc): string {
  const params = doc.components.parameters as Record<string, { name: string; in: string; description?: string; required?: boolean }>;
  const ops: string[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    for (const [m, raw] of Object.entries(methods as Record<string, Op>)) {
      const op = raw;
      const ps = (op.parameters ?? []).map((x) => {
        const resolved = x.$ref ? { ...params[x.$ref.split("/").pop()!], ...(x.description ? { description: x.description } : {}) } : x;
        return `<li><code>${esc(resolved.name)}</code> (${esc(resolved.in)}${resolved.required ? ", required" : ""})${resolved.description ? ` — ${esc(resolved.description)}` : ""}</li>`;
      });
      const body = op.requestBody ? `<p>Body: <a href="#schema-${esc(schemaName(Object.values(op.requestBody.content)[0].schema))}">${esc(schemaName(Object.values(op.requestBody.content)[0].schema))}</a></p>` : "";
      const rs = Object.entries(op.responses).map(([code, r]) => {
        const name = r.content ? schemaName(Object.values(r.content)[0].schema) : "";
        return `<li><strong>${esc(code)}</strong> ${esc(r.description)}${name ? ` — <a href="#schema-${esc(name)}">${esc(name)}</a>` : ""}</li>`;
      });
      ops.push(`<section><h3><span class="m">${esc(m.toUpperCase())}</span> <code>${esc(p)}</code></h3><p>${esc(op.summary)}</p>${ps.length ? `<ul>${ps.join("")}</ul>` : ""}${body}<ul>${rs.join("")}</ul></section>`);
    }
  }
  const schemas = Object.entries(doc.components.schemas).map(
    ([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${esc(JSON.stringify(s, null, 2))}</pre></section>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#0f172a;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e2e8f0;background:#0f172a}a{color:#93c5fd}pre,code{background:#1e293b}}
code,pre{font-family:ui-monospace,monospace;background:#f1f5f9;border-radius:4px;padding:0 .25rem}
pre{padding:.75rem;overflow:auto;font-size:13px}.m{display:inline-block;min-width:4.5rem;font-family:ui-monospace,monospace}
section{border-top:1px solid #cbd5e1;padding:.5rem 0}h3{margin:.5rem 0;font-size:1rem;word-break:break-all}
</style></head><body>
<h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI ${esc(doc.openapi)}). Base URL: <code>${esc(doc.servers[0].url)}</code></p>
<h2>Endpoints</h2>${ops.join("\n")}
<h2>Schemas</h2>${schemas.join("\n")}
</body></html>`;
}
