/**
 * A human-readable reference page rendered on the server from the OpenAPI document: one HTML
 * file, no script and nothing fetched from elsewhere (deployments may have no internet). Per
 * endpoint: method and path, summary, description, a parameter table with short human types,
 * the responses; then every component schema as a field table. Descriptions are Markdown-ish:
 * `code` spans become <code>, everything else is escaped.
 */

interface Schema {
  type?: string | string[];
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  example?: unknown;
  description?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Schema }> }
  >;
}

interface Document {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const STYLE = `
:root { color-scheme: light; --ink:#1d2330; --muted:#5f6b7a; --line:#e4e7ec; --bg:#f7f8fa;
  --accent:#3b5bdb; --code-bg:#f1f3f5; }
* { box-sizing: border-box; }
html { scroll-padding-top: 12px; }
body { margin:0; font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:var(--ink); background:#fff; }
a { color:var(--accent); }
code { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:.86em;
  background:var(--code-bg); padding:.08em .3em; border-radius:4px; overflow-wrap:anywhere; }
.layout { display:grid; grid-template-columns:260px minmax(0,1fr); max-width:1240px; margin:0 auto; }
nav { position:sticky; top:0; align-self:start; max-height:100vh; overflow-y:auto;
  padding:24px 16px 24px 24px; font-size:13.5px; border-right:1px solid var(--line); }
nav h2 { font-size:11.5px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted);
  margin:18px 0 6px; }
nav h2:first-child { margin-top:0; }
nav ul { list-style:none; margin:0; padding:0; }
nav li { margin:3px 0; }
nav a { text-decoration:none; color:var(--ink); display:block; overflow-wrap:break-word; }
nav a:hover { color:var(--accent); }
nav .m { font-size:10px; font-weight:700; color:#2b8a3e; margin-right:4px; }
main { padding:24px 32px 64px; min-width:0; max-width:960px; }
h1 { font-size:26px; margin:0 0 4px; line-height:1.2; }
h1 small { font-size:14px; color:var(--muted); font-weight:500; margin-left:6px; }
.lead { color:#39424e; }
.meta { background:var(--bg); border:1px solid var(--line); border-radius:8px; padding:10px 14px;
  font-size:14px; }
.meta p { margin:4px 0; }
h2.section { font-size:20px; margin:40px 0 8px; padding-bottom:6px; border-bottom:1px solid var(--line); }
.op, .schema { border:1px solid var(--line); border-radius:10px; padding:16px 20px; margin:18px 0; }
.op h3, .schema h3 { margin:0; font-size:17px; display:flex; flex-wrap:wrap; align-items:center;
  gap:6px 10px; }
.op h3 .path { font-size:16px; background:none; padding:0; font-weight:600; }
.op h3 .path .var { color:#c2255c; }
.method { font-size:12px; font-weight:700; letter-spacing:.04em; color:#fff; background:#2b8a3e;
  padding:2px 8px; border-radius:5px; }
.summary { font-weight:600; margin:6px 0 4px; }
.op p, .schema p { margin:6px 0; }
h4 { font-size:12.5px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted);
  margin:16px 0 4px; }
table { border-collapse:collapse; width:100%; table-layout:fixed; font-size:14px; }
th { text-align:left; font-size:12px; color:var(--muted); font-weight:600; padding:6px 8px;
  border-bottom:1px solid var(--line); }
td { padding:7px 8px; border-bottom:1px solid var(--line); vertical-align:top; overflow-wrap:anywhere; }
tr:last-child td { border-bottom:none; }
td.name code { font-weight:600; background:none; padding:0; font-size:.9em; }
.where { display:block; font-size:12px; color:var(--muted); }
.req { color:#c92a2a; font-weight:600; }
.type { font-size:13.5px; }
.example { display:block; font-size:12.5px; color:var(--muted); margin-top:2px; }
.params col.c1 { width:22%; } .params col.c2 { width:28%; }
.fields col.c1 { width:22%; } .fields col.c2 { width:22%; } .fields col.c3 { width:13%; }
.responses col.c1 { width:12%; } .responses col.c3 { width:26%; }
.status { font-weight:700; font-variant-numeric:tabular-nums; }
.s2 { color:#2b8a3e; } .s4 { color:#e67700; } .s5 { color:#c92a2a; }
td.name code.nested { font-weight:500; }
.nested .dot { color:var(--muted); }
.presence { font-size:13px; color:var(--muted); }
.presence.always { color:var(--ink); }
.try { font-size:13.5px; color:var(--muted); }
.used { font-size:13px; color:var(--muted); }
@media (max-width: 900px) {
  .layout { display:block; }
  nav { position:static; max-height:none; border-right:none; border-bottom:1px solid var(--line);
    padding:16px; columns:2; column-gap:24px; }
  nav h2 { break-after:avoid; }
  main { padding:20px 16px 48px; }
}
@media (max-width: 640px) {
  nav { columns:1; }
  .op, .schema { padding:12px 14px; }
  table, tbody, tr, td { display:block; width:100%; }
  colgroup, thead { display:none; }
  tr { border-bottom:1px solid var(--line); padding:6px 0; }
  tr:last-child { border-bottom:none; }
  td { border:none; padding:2px 0; }
  td[data-label]::before { content:attr(data-label) ": "; color:var(--muted); font-size:12px; }
  .where { display:inline; margin-left:8px; }
  .fields td.type, .fields td.presence { display:inline-block; width:auto; margin-right:14px; }
}
`;

export function renderDocsPage(document: Record<string, unknown>): string {
  const doc = document as unknown as Document;
  const schemas = doc.components?.schemas ?? {};
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation }))
  );
  const usedBy = schemaUsers(operations, schemas);
  const nav = `<nav aria-label="Contents"><h2>Endpoints</h2><ul>${
    operations.map(({ path, method, operation }) =>
      `<li><a href="#${operationAnchor(path, method, operation)}"><span class="m">${
        escape(method.toUpperCase())
      }</span>${escape(path).replaceAll("/", "/<wbr>")}</a></li>`
    ).join("")
  }</ul><h2>Schemas</h2><ul>${
    Object.keys(schemas).map((name) =>
      `<li><a href="#schema-${escape(name)}">${escape(name)}</a></li>`
    ).join("")
  }</ul><h2>Machine-readable</h2><ul><li><a href="openapi.json">openapi.json</a></li></ul></nav>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)}</title>
<style>${STYLE}</style></head><body><div class="layout">
${nav}
<main>
<h1>${escape(doc.info.title)}<small>v${escape(doc.info.version)}</small></h1>
<p class="lead">${inline(doc.info.description ?? "")}</p>
<div class="meta">
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1), the document this
page is rendered from.</p>
<p>Operations: <code>/health</code> (the process is alive), <code>/ready</code> (the data is
fresh: 503 naming why not), <code>/metrics</code> (Prometheus) and <a href="status">/status</a>
(the operator's dashboard).</p></div>
<h2 class="section" id="endpoints">Endpoints</h2>
${
    operations.map(({ path, method, operation }) => renderOperation(path, method, operation)).join(
      "\n",
    )
  }
<h2 class="section" id="schemas">Schemas</h2>
<p>The response bodies. Amounts are integers of any size, written with all their digits.</p>
${
    Object.entries(schemas).map(([name, schema]) => renderSchema(name, schema, usedBy.get(name)))
      .join("\n")
  }
</main></div></body></html>`;
}

function operationAnchor(path: string, method: string, operation: Operation): string {
  return "op-" + (operation.operationId ?? `${method}-${path}`).replace(/[^A-Za-z0-9_-]/g, "-");
}

function renderOperation(path: string, method: string, operation: Operation): string {
  const parameters = operation.parameters ?? [];
  const rows = parameters.map((parameter) => {
    const schema = parameter.schema ?? {};
    const required = parameter.in === "path" || parameter.required;
    return `<tr><td class="name"><code>${escape(parameter.name)}</code>` +
      `<span class="where">${escape(parameter.in)} · ${
        required ? '<span class="req">required</span>' : "optional"
      }</span></td>` +
      `<td class="type" data-label="Type">${typeText(schema).html}${exampleText(schema)}</td>` +
      `<td>${inline(parameter.description ?? schema.description ?? "")}</td></tr>`;
  });
  const responses = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const body = Object.values(response.content ?? {})[0]?.schema;
    const shape = body ? typeText(body).html : "—";
    return `<tr><td class="status s${escape(status[0])}">${escape(status)}</td>` +
      `<td>${inline(response.description ?? "")}</td>` +
      `<td data-label="Body">${shape}</td></tr>`;
  });
  const returns = operation.responses?.["200"]?.content;
  const returned = returns ? Object.values(returns)[0]?.schema : undefined;
  const example = examplePath(path, parameters);
  const anchor = operationAnchor(path, method, operation);
  return `<section class="op" id="${anchor}">
<h3><span class="method">${escape(method.toUpperCase())}</span>${pathHtml(path)}</h3>
<p class="summary">${inline(operation.summary ?? "")}</p>
<p>${inline(operation.description ?? "")}</p>
${
    rows.length
      ? `<h4>Parameters</h4><table class="params"><colgroup><col class="c1"><col class="c2"><col>` +
        `</colgroup><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead>` +
        `<tbody>${rows.join("")}</tbody></table>`
      : ""
  }
<h4>Responses</h4><table class="responses"><colgroup><col class="c1"><col><col class="c3">
</colgroup><thead><tr><th>Status</th><th>Meaning</th><th>Body</th></tr></thead>
<tbody>${responses.join("")}</tbody></table>
<p class="try">${returned?.$ref ? `Returns ${typeText(returned).html}. ` : ""}Try it: <a href="${
    escape(example.slice(1))
  }"><code>GET ${escape(example)}</code></a></p>
</section>`;
}

/** The path with its {parameters} marked. */
function pathHtml(path: string): string {
  return `<code class="path">${
    path.split(/(\{[^}]+\})/).map((part, i) =>
      i % 2 ? `<span class="var">${escape(part)}</span>` : escape(part)
    ).join("")
  }</code>`;
}

/** A request the reader can follow: path parameters filled with their examples. */
function examplePath(path: string, parameters: Parameter[]): string {
  return path.replace(/\{([^}]+)\}/g, (whole, name) => {
    const example = parameters.find((p) => p.name === name)?.schema?.example;
    return example === undefined ? whole : String(example);
  });
}

function renderSchema(name: string, schema: Schema, users: string[] = []): string {
  const rows = fieldRows(schema, "");
  const body = rows.length
    ? `<table class="fields"><colgroup><col class="c1"><col class="c2"><col class="c3"><col>` +
      `</colgroup><thead><tr><th>Field</th><th>Type</th><th>Presence</th><th>Description</th>` +
      `</tr></thead><tbody>${rows.join("")}</tbody></table>`
    : `<p class="type">${typeText(schema).html}</p>`;
  return `<section class="schema" id="schema-${escape(name)}"><h3>${escape(name)}</h3>
${schema.description ? `<p>${inline(schema.description)}</p>` : ""}
${users.length ? `<p class="used">Used by ${users.join(", ")}.</p>` : ""}
${body}</section>`;
}

/** One row per property; an inline object's own properties follow it as `parent.child`. */
function fieldRows(schema: Schema, prefix: string): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([field, property]) => {
    const { html, nullable } = typeText(property);
    const always = required.has(field);
    const presence = always
      ? nullable ? "may be null" : "always"
      : nullable
      ? "optional, may be null"
      : "optional";
    const name = prefix
      ? `<code class="nested"><span class="dot">${escape(prefix)}.</span>${escape(field)}</code>`
      : `<code>${escape(field)}</code>`;
    const row = `<tr><td class="name">${name}</td>` +
      `<td class="type" data-label="Type">${html}</td>` +
      `<td class="presence${
        always && !nullable ? " always" : ""
      }" data-label="Presence">${presence}</td>` +
      `<td>${inline(property.description ?? "")}${exampleText(property)}</td></tr>`;
    const inner = objectOf(property);
    return inner ? [row, ...fieldRows(inner, prefix ? `${prefix}.${field}` : field)] : [row];
  });
}

/** The inline object (with properties) a field holds, if any. */
function objectOf(schema: Schema): Schema | null {
  if (schema.properties) return schema;
  const members = (schema.anyOf ?? schema.oneOf ?? []).filter((s) => s.type !== "null");
  return members.length === 1 && members[0].properties ? members[0] : null;
}

/** Number.MAX_SAFE_INTEGER bounds are what zod writes for any integer: not worth saying. */
const SAFE = Number.MAX_SAFE_INTEGER;

/** A short human type: "integer 1–1000, default 100", "string, at most 512 characters". */
function typeText(schema: Schema): { html: string; nullable: boolean } {
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop() ?? schema.$ref;
    return { html: `<a href="#schema-${escape(name)}">${escape(name)}</a>`, nullable: false };
  }
  const union = schema.anyOf ?? schema.oneOf;
  if (union) {
    const members = union.filter((s) => s.type !== "null");
    const nullable = members.length < union.length;
    const html = members.map((s) => typeText(s).html).join(" or ") || "null";
    return { html: nullable ? `${html} or null` : html, nullable };
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== "null");
    const nullable = types.length < schema.type.length;
    const html = types.map((type) => typeText({ ...schema, type }).html).join(" or ");
    return { html: nullable ? `${html} or null` : html, nullable };
  }
  const parts: string[] = [];
  switch (schema.type) {
    case "array":
      parts.push(`array of ${schema.items ? typeText(schema.items).html : "values"}`);
      break;
    case "object":
      parts.push(schema.properties ? "object (fields below)" : "object");
      break;
    case "integer":
    case "number": {
      const min = schema.minimum !== undefined && schema.minimum > -SAFE ? schema.minimum : null;
      const max = schema.maximum !== undefined && schema.maximum < SAFE ? schema.maximum : null;
      const range = min !== null && max !== null
        ? ` ${min}–${max}`
        : min !== null
        ? ` ≥ ${min}`
        : max !== null
        ? ` ≤ ${max}`
        : "";
      parts.push(escape(schema.type + range));
      break;
    }
    case "string":
      if (schema.enum) {
        parts.push(
          `one of ${schema.enum.map((v) => `<code>${escape(String(v))}</code>`).join(", ")}`,
        );
      } else {
        parts.push(schema.format ? `string (${escape(schema.format)})` : "string");
        if (schema.minLength && schema.maxLength) {
          parts.push(`${schema.minLength} to ${schema.maxLength} characters`);
        } else if (schema.maxLength) parts.push(`at most ${schema.maxLength} characters`);
        else if (schema.minLength) parts.push(`at least ${schema.minLength} characters`);
      }
      break;
    default:
      parts.push(escape(String(schema.type ?? "any value")));
  }
  if (schema.default !== undefined) {
    parts.push(`default <code>${escape(JSON.stringify(schema.default))}</code>`);
  }
  return { html: parts.join(", "), nullable: false };
}

function exampleText(schema: Schema): string {
  const example = schema.example ??
    (schema.anyOf ?? schema.oneOf)?.find((s) => s.example !== undefined)?.example;
  if (example === undefined) return "";
  const text = typeof example === "string" ? example : JSON.stringify(example);
  return `<span class="example">e.g. <code>${escape(text)}</code></span>`;
}

/** For each schema, the endpoints that answer it and the schemas whose fields hold it. */
function schemaUsers(
  operations: { path: string; method: string; operation: Operation }[],
  schemas: Record<string, Schema>,
): Map<string, string[]> {
  const users = new Map<string, string[]>();
  const add = (name: string, html: string) => {
    const list = users.get(name) ?? [];
    if (!list.includes(html)) list.push(html);
    users.set(name, list);
  };
  const refs = (value: unknown): string[] =>
    JSON.stringify(value ?? null).match(/#\/components\/schemas\/[A-Za-z0-9_.-]+/g)?.map((ref) =>
      ref.split("/").pop()!
    ) ?? [];
  for (const [name, schema] of Object.entries(schemas)) {
    for (const ref of refs(schema)) {
      if (ref !== name) add(ref, `<a href="#schema-${escape(name)}">${escape(name)}</a>`);
    }
  }
  for (const { path, method, operation } of operations) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      for (const ref of refs(response.content)) {
        add(
          ref,
          status.startsWith("2")
            ? `<a href="#${operationAnchor(path, method, operation)}"><code>${
              escape(method.toUpperCase())
            } ${escape(path)}</code></a>`
            : "the error answers (4xx and 5xx) of every endpoint",
        );
      }
    }
  }
  return users;
}

/** Escapes `text`, then renders its `code` spans as <code>. */
export function inline(text: string): string {
  return text.split(/`([^`]+)`/).map((part, i) =>
    i % 2 ? `<code>${escape(part)}</code>` : escape(part)
  ).join("");
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
