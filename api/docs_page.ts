/**
 * A human-readable reference page rendered on the server from the OpenAPI document: one HTML
 * file, no script and nothing fetched from elsewhere (deployments may have no internet).
 */

interface Operation {
  summary?: string;
  description?: string;
  parameters?: Array<{
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema?: Record<string, unknown>;
  }>;
  responses?: Record<string, { description?: string; content?: unknown }>;
}

interface Document {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

export function renderDocsPage(document: Record<string, unknown>): string {
  const doc = document as unknown as Document;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => renderOperation(path, method, operation))
  );
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) =>
    `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3><pre>${
      escape(JSON.stringify(schema, null, 2))
    }</pre></section>`
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}
pre{background:#f5f5f5;padding:.75rem;overflow:auto}
.op{border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1.5rem 0}
.method{font-weight:bold;color:#fff;background:#2a7;padding:.1rem .4rem;border-radius:4px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem;text-align:left;vertical-align:top}
</style></head><body>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description ?? "")}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
Operations: <code>/health</code>, <code>/ready</code>, <code>/metrics</code>.</p>
<h2>Endpoints</h2>
${operations.join("\n")}
<h2>Schemas</h2>
${schemas.join("\n")}
</body></html>`;
}

function renderOperation(path: string, method: string, operation: Operation): string {
  const rows = (operation.parameters ?? []).map((parameter) =>
    `<tr><td><code>${escape(parameter.name)}</code></td><td>${escape(parameter.in)}</td>` +
    `<td>${parameter.required ? "yes" : "no"}</td>` +
    `<td><code>${escape(JSON.stringify(parameter.schema ?? {}))}</code></td>` +
    `<td>${escape(parameter.description ?? "")}</td></tr>`
  );
  const responses = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const ref = JSON.stringify(response.content ?? "").match(/#\/components\/schemas\/(\w+)/);
    const schema = ref ? ` — <a href="#schema-${ref[1]}">${ref[1]}</a>` : "";
    return `<li><b>${escape(status)}</b> ${escape(response.description ?? "")}${schema}</li>`;
  });
  return `<section class="op"><h3><span class="method">${escape(method.toUpperCase())}</span>
<code>${escape(path)}</code></h3>
<p><b>${escape(operation.summary ?? "")}</b></p><p>${escape(operation.description ?? "")}</p>
<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th><th>Description</th></tr>
${rows.join("\n")}</table>
<ul>${responses.join("")}</ul></section>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
