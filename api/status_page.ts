/**
 * The /status page: one screen of HTML with inline CSS and a little inline JS that polls
 * /status.json every two seconds. No build step and no external assets (it must work on a closed
 * network). Every value from the database is written with textContent, never as HTML. Times are
 * UTC, as in the tables; ages are told against the server's clock (`servedAt`), not the
 * viewer's.
 */

const STYLE = `
:root { color-scheme: light; --ink:#1d2330; --muted:#5f6b7a; --line:#e4e7ec; --bg:#f5f6f8;
  --card:#fff; --accent:#3b5bdb; --mint:#2f9e44; --burn:#e03131; --transfer:#3b5bdb;
  --warn:#e67700; --grey:#868e96; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
header { display:flex; flex-wrap:wrap; align-items:center; gap:8px 12px; padding:14px 24px;
  background:#1d2330; color:#fff; }
header h1 { font-size:17px; margin:0; font-weight:600; white-space:nowrap; }
header .detail { color:#c5cad3; font-size:13px; }
header .detail b { color:#fff; font-weight:600; }
header .updated { margin-left:auto; color:#c5cad3; font-size:12px; font-variant-numeric:tabular-nums; }
header .updated.stale { color:#ffd43b; font-weight:600; }
.pill { padding:3px 11px; border-radius:999px; font-size:13px; font-weight:600;
  background:var(--grey); color:#fff; white-space:nowrap; }
.pill.following { background:var(--mint); } .pill.behind { background:var(--warn); }
.pill.error, .pill.stalled { background:var(--burn); }
main { padding:18px 24px; display:grid; gap:16px; grid-template-columns:repeat(4,minmax(0,1fr)); }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px;
  min-width:0; }
.stat .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.stat .value { font-size:28px; font-weight:650; margin-top:2px; font-variant-numeric:tabular-nums;
  overflow-wrap:anywhere; }
.stat .sub { color:var(--muted); font-size:12px; }
.stat .sub.clip { overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.wide { grid-column:span 2; } .full { grid-column:1 / -1; }
h2 { font-size:13px; margin:0 0 10px; color:var(--muted); text-transform:uppercase;
  letter-spacing:.04em; }
h2 .note { text-transform:none; letter-spacing:0; font-weight:400; }
.charts { display:grid; grid-template-columns:repeat(2,minmax(0,1fr)); gap:12px 28px; }
.chart-head { display:flex; flex-wrap:wrap; justify-content:space-between; gap:0 12px;
  font-size:12px; color:var(--muted); margin-bottom:4px; }
.chart-head strong { color:var(--ink); font-weight:600; }
.plot { display:flex; gap:6px; position:relative; }
.quiet { display:none; position:absolute; left:46px; right:0; top:36px; text-align:center;
  color:var(--muted); font-style:italic; font-size:12px; }
.yaxis { display:flex; flex-direction:column; justify-content:space-between; align-items:flex-end;
  width:40px; flex:none; height:96px; color:var(--muted); font-size:11px;
  font-variant-numeric:tabular-nums; }
.yaxis span:first-child { transform:translateY(-6px); } .yaxis span:last-child { transform:translateY(6px); }
.bars { flex:1; display:flex; align-items:flex-end; gap:4px; height:96px;
  border-top:1px dashed var(--line); border-bottom:1px solid #98a2b3; min-width:0; }
.col { flex:1; height:100%; display:flex; flex-direction:column; justify-content:flex-end;
  align-items:stretch; min-width:0; }
.col .v { font-size:10px; color:var(--muted); text-align:center; line-height:12px;
  font-variant-numeric:tabular-nums; overflow:hidden; }
.col .b { background:var(--accent); border-radius:3px 3px 0 0; opacity:.85; }
.events .col .b { background:var(--mint); }
.xaxis { display:flex; gap:4px; margin-left:46px; color:var(--muted); font-size:10px;
  font-variant-numeric:tabular-nums; }
.xaxis span { flex:1; text-align:center; min-width:0; white-space:nowrap; }
table { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
th { text-align:left; color:var(--muted); font-weight:500; font-size:12px; padding:4px 6px;
  border-bottom:1px solid var(--line); white-space:nowrap; }
td { padding:5px 6px; border-bottom:1px solid var(--line); white-space:nowrap; }
td.num, th.num { text-align:right; }
td.amount { white-space:normal; overflow-wrap:anywhere; max-width:24ch; }
td.wrap { white-space:normal; overflow-wrap:anywhere; }
th.axis { width:32%; min-width:90px; }
th.axis div { display:flex; justify-content:space-between; font-size:11px; }
td.barcell { width:32%; min-width:90px; }
.bar { height:7px; background:var(--line); border-radius:3px; }
.bar span { display:block; height:100%; border-radius:3px; background:var(--accent); }
.share { color:var(--muted); font-size:12px; }
.kind { font-size:11px; font-weight:600; padding:1px 7px; border-radius:999px; color:#fff; }
.kind.mint { background:var(--mint); } .kind.burn { background:var(--burn); }
.kind.transfer { background:var(--transfer); }
.mono { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; }
.empty { color:var(--muted); font-style:italic; }
.scroll { overflow-x:auto; }
.alert { display:none; grid-column:1 / -1; }
.alert.bad { background:#fff5f5; border-color:#ffc9c9; }
.alert.warn { background:#fff9db; border-color:#ffe066; }
.alert.info { background:#f1f3f5; }
.alert strong { display:block; margin-bottom:4px; }
.alert.bad strong { color:var(--burn); } .alert.warn strong { color:#a35200; }
.alert .message { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px;
  white-space:pre-wrap; overflow-wrap:anywhere; max-height:12em; overflow-y:auto;
  background:rgba(255,255,255,.7); border:1px solid var(--line); border-radius:6px;
  padding:6px 8px; margin:6px 0; }
.alert .retry { color:var(--muted); font-size:13px; }
#problem { color:var(--burn); }
@media (max-width: 1000px) {
  main { grid-template-columns:repeat(2,minmax(0,1fr)); }
  .wide { grid-column:1 / -1; }
}
@media (max-width: 640px) {
  header { padding:12px 14px; }
  header .updated { margin-left:0; width:100%; }
  main { grid-template-columns:repeat(2,minmax(0,1fr)); padding:12px; gap:12px; }
  .card { padding:12px; }
  .stat .value { font-size:24px; }
  .charts { grid-template-columns:minmax(0,1fr); }
  .xaxis span:nth-child(odd) { visibility:hidden; }
  .col .v { font-size:9px; }
  .wide-only { display:none; }
}
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const fmt = (n) => Number(n).toLocaleString("en-US");
const plural = (n, one, many) => fmt(n) + " " + (n === 1 ? one : many);
const short = (a) => a === "" ? "—" : a.length > 16 ? a.slice(0, 8) + "…" + a.slice(-6) : a;
/** "2026-12-06 23:47:12 UTC" */
const utc = (iso) => iso.replace("T", " ").slice(0, 19) + " UTC";
// The viewer's clock minus the server's, measured at each answer: ages use the server's clock.
let offset = 0;
function relative(iso) {
  const ms = Date.parse(iso) - (Date.now() - offset);
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s < 90 ? s + " s" : s < 5400 ? Math.round(s / 60) + " min"
    : s < 129600 ? Math.round(s / 3600) + " h" : Math.round(s / 86400) + " d";
  return s === 0 ? "just now" : ms < 0 ? text + " ago" : "in " + text;
}
/** Relative times are re-told every second, between polls. */
function tick() {
  for (const el of document.querySelectorAll("[data-at]")) {
    el.textContent = el.dataset.at ? (el.dataset.prefix ?? "") + relative(el.dataset.at) : "";
  }
  const at = $("age").dataset.at;
  $("updated-line").classList.toggle("stale", !!at && Date.now() - offset - Date.parse(at) > 10000);
}
function cell(row, text, className, title) {
  const td = row.insertCell(); td.textContent = text;
  if (className) td.className = className; if (title) td.title = title; return td;
}
/** A per-minute chart: bars over a 0..max axis, each bar's value above it, minutes below. */
function chart(id, points, unit) {
  const max = Math.max(0, ...points.map((p) => p.value));
  // The top of the axis is the largest minute; a quiet window says so instead of a 0..0 axis.
  $(id + "-max").textContent = max ? fmt(max) : "";
  $(id + "-max").title = "scale: 0 to " + fmt(max) + " " + unit + " per minute";
  $(id + "-quiet").style.display = max ? "none" : "block";
  $(id).replaceChildren(...points.map((p) => {
    const col = document.createElement("div"); col.className = "col";
    const label = document.createElement("span"); label.className = "v";
    label.textContent = p.value > 0 ? fmt(p.value) : "";
    const bar = document.createElement("div"); bar.className = "b";
    bar.style.height = (max ? p.value / max * 80 : 0) + "%";
    col.title = p.minute.slice(11, 16) + " UTC: " + fmt(p.value) + " " + unit;
    col.append(label, bar); return col;
  }));
  $(id + "-times").replaceChildren(...points.map((p) => {
    const span = document.createElement("span"); span.textContent = p.minute.slice(11, 16); return span;
  }));
}
function rows(id, items, fill, emptyText, columns) {
  const body = $(id); body.replaceChildren();
  if (items.length === 0) {
    const td = body.insertRow().insertCell(); td.colSpan = columns;
    td.className = "empty"; td.textContent = emptyText; return;
  }
  for (const item of items) fill(body.insertRow(), item);
}
function barCell(row, value, max, color, className) {
  const span = document.createElement("span");
  span.style.width = (max ? value / max * 100 : 0) + "%"; if (color) span.style.background = color;
  const bar = document.createElement("div"); bar.className = "bar"; bar.append(span);
  const td = row.insertCell(); td.className = "barcell " + (className ?? ""); td.append(bar);
}
/** A bar list's scale, 0 to its largest value, in the bar column's header (none when all are 0). */
function axis(id, max) {
  $(id).textContent = fmt(max); $(id).parentElement.style.visibility = max ? "visible" : "hidden";
}
const share = (n, total) => total ? Math.round(n / total * 100) + "%" : "";
/** The badge: what /ready answers, in words. */
function verdictWords(r) {
  switch (r.state) {
    case "following": return "following the head";
    case "behind": return "catching up: " + plural(r.lag, "block", "blocks") + " behind";
    case "stalled": return "stalled at block " + fmt(r.stalledHeight);
    case "error": return "error";
    case "stopped": return "stopped";
    default: return "not started";
  }
}
function retryText(sync) {
  if (!sync || sync.retryFailures === 0) return "";
  return plural(sync.retryFailures, "sync cycle", "sync cycles") + " failed in a row" +
    (sync.nextRetryAt ? " · next attempt at " + utc(sync.nextRetryAt) : " · no retry scheduled");
}
function setAt(id, iso, prefix) {
  $(id).dataset.at = iso ?? ""; if (prefix !== undefined) $(id).dataset.prefix = prefix;
}
function render(s) {
  offset = Date.now() - Date.parse(s.servedAt ?? s.generatedAt);
  const r = s.readiness, sync = s.sync;
  $("verdict").textContent = verdictWords(r);
  $("verdict").className = "pill " + r.state;
  $("verdict").title = r.reason ?? "ready: within " + plural(r.maxLag, "block", "blocks") + " of the head";
  $("ready-word").textContent = r.ready ? "API ready" : "API not ready";
  const status = sync ? sync.status : "not started";
  $("sync-status").textContent = status.replace("_", " ");

  $("indexed-height").textContent = s.indexedHeight < 0 ? "—" : fmt(s.indexedHeight);
  $("indexed-sub").textContent = s.indexedHeight < 0 ? "nothing applied yet" : "consistent through (every event applied)";
  $("head-height").textContent = s.headHeight < 0 ? "—" : fmt(s.headHeight);
  $("checkpoint").textContent = !sync ? "synchronizer not started"
    : s.headHeight < 0 ? "head not seen yet" : "synced through " + fmt(sync.lastHeight);
  $("lag").textContent = s.lag === null ? "—" : fmt(s.lag);
  $("lag-sub").textContent = sync ? "synchronizer " + fmt(r.lag) + " behind · /ready allows " + fmt(r.maxLag)
    : "/ready allows " + fmt(r.maxLag);
  $("sync-state").textContent = status.replace("_", " ");
  $("sync-error").textContent = !sync ? "no sync_state row yet" : sync.lastError
    ? plural(sync.errorCount, "error", "errors") + ", last: " + sync.lastError : "no errors";
  $("sync-error").title = sync ? sync.lastError : "";
  $("sync-updated").textContent = sync ? "state updated " : "";
  $("sync-updated").parentElement.title = sync ? utc(sync.updatedAt) : "";
  setAt("sync-updated-age", sync?.updatedAt);

  $("empty").style.display = sync ? "none" : "block";
  const stalled = sync && sync.stalledHeight !== null;
  $("stall").style.display = stalled ? "block" : "none";
  $("stall-height").textContent = stalled ? fmt(sync.stalledHeight) : "";
  $("stall-reason").textContent = stalled ? sync.lastError || "no detail" : "";
  $("stall-retry").textContent = stalled ? retryText(sync) : "";
  setAt("stall-retry-in", stalled ? sync.nextRetryAt : null, " · ");
  const failing = sync && !stalled && (sync.status === "error" || sync.retryFailures > 0);
  $("sync-alert").style.display = failing ? "block" : "none";
  $("sync-alert").className = "card alert " + (sync?.status === "error" ? "bad" : "warn");
  $("sync-alert-title").textContent = sync?.status === "error"
    ? "The synchronizer is in error (" + plural(sync.errorCount, "error", "errors") + " since it started)"
    : "Sync cycles are failing; the synchronizer retries";
  $("sync-alert-message").textContent = failing ? sync.lastError || "no detail" : "";
  $("sync-alert-retry").textContent = failing ? retryText(sync) : "";
  setAt("sync-alert-retry-in", failing ? sync.nextRetryAt : null, " · ");

  const minutes = s.throughput.map((t) => t.minute);
  const blocks = s.throughput.map((t) => t.blocks), events = s.throughput.map((t) => t.events);
  chart("blocks-chart", s.throughput.map((t) => ({ minute: t.minute, value: t.blocks })), "blocks");
  chart("events-chart", s.throughput.map((t) => ({ minute: t.minute, value: t.events })), "events");
  const summary = (list, one, many) => plural(list.reduce((a, b) => a + b, 0), one, many) +
    " in 10 min · " + fmt(list[list.length - 1] ?? 0) + " this minute";
  $("blocks-rate").textContent = summary(blocks, "block", "blocks");
  $("events-rate").textContent = summary(events, "event", "events");
  $("throughput-range").textContent = minutes.length
    ? minutes[0].slice(11, 16) + "–" + minutes[minutes.length - 1].slice(11, 16) + " UTC" : "";

  const kinds = Object.entries(s.eventsByKind);
  const kindMax = Math.max(0, ...kinds.map(([, n]) => n)), kindTotal = kinds.reduce((a, [, n]) => a + n, 0);
  axis("kind-max", kindMax);
  $("kind-total").textContent = plural(kindTotal, "event", "events");
  rows("events-by-kind", kindTotal ? kinds : [], (row, [kind, n]) => {
    const badge = document.createElement("span"); badge.className = "kind " + kind; badge.textContent = kind;
    row.insertCell().append(badge); cell(row, fmt(n), "num"); cell(row, share(n, kindTotal), "num share");
    barCell(row, n, kindMax, getComputedStyle(document.body).getPropertyValue("--" + kind));
  }, "no token events yet", 4);

  const reasonMax = Math.max(0, ...s.rejectionsByReason.map((r) => r.count));
  const reasonTotal = s.rejectionsByReason.reduce((a, r) => a + r.count, 0);
  axis("reason-max", reasonMax);
  $("reason-total").textContent = plural(reasonTotal, "event", "events");
  rows("rejections", s.rejectionsByReason, (row, r) => {
    cell(row, r.reason, "mono wrap"); cell(row, fmt(r.count), "num");
    cell(row, share(r.count, reasonTotal), "num share"); barCell(row, r.count, reasonMax, "#e03131");
  }, "no rejected events", 4);

  $("token-count").textContent = plural(s.tokens.count, "token", "tokens");
  const holderMax = Math.max(0, ...s.tokens.largest.map((t) => t.holders));
  axis("holder-max", holderMax);
  rows("largest-tokens", s.tokens.largest, (row, t) => {
    cell(row, t.symbol ?? "—"); cell(row, t.tokenId, "mono wrap", t.tokenId);
    cell(row, fmt(t.holders), "num"); barCell(row, t.holders, holderMax, "", "wide-only");
    cell(row, t.totalSupply, "num mono amount", t.totalSupply);
  }, "no tokens yet", 5);

  rows("latest-transfers", s.latestTransfers, (row, t) => {
    cell(row, fmt(t.blockHeight), "num");
    cell(row, t.time ? utc(t.time).slice(0, 19) : "—");
    const badge = document.createElement("span"); badge.className = "kind " + t.kind; badge.textContent = t.kind;
    row.insertCell().append(badge);
    cell(row, t.tokenId, "mono"); cell(row, short(t.from), "mono", t.from);
    cell(row, short(t.to), "mono", t.to); cell(row, t.amount, "num mono amount", t.amount);
  }, "no transfers yet", 7);

  $("updated").textContent = "updated " + utc(s.generatedAt);
  setAt("age", s.generatedAt);
  tick();
  document.body.dataset.loaded = "true";
}
async function refresh() {
  try {
    const response = await fetch("status.json", { cache: "no-store" });
    if (!response.ok) throw new Error("status.json answered " + response.status);
    render(await response.json()); $("problem").style.display = "none";
  } catch (error) {
    $("problem").style.display = "block";
    $("problem").textContent = "Cannot load status: " + error.message + " (the figures below are from the last snapshot)";
  }
}
refresh(); setInterval(refresh, 2000); setInterval(tick, 1000);
`;

const chartBlock = (id: string, title: string) =>
  `<div class="chart-block"><div class="chart-head"><strong>${title}</strong>` +
  `<span id="${id.replace("-chart", "-rate")}"></span></div>` +
  `<div class="plot"><div class="yaxis"><span id="${id}-max">0</span><span>0</span></div>` +
  `<div class="bars${id.startsWith("events") ? " events" : ""}" id="${id}"></div>` +
  `<div class="quiet" id="${id}-quiet">nothing in the last 10 minutes</div></div>` +
  `<div class="xaxis" id="${id}-times"></div></div>`;

const axisHead = (id: string, className = "axis") =>
  `<th class="${className}" title="bars scaled from 0 to the largest value"><div><span>0</span>` +
  `<span id="${id}"></span></div></th>`;

export function renderStatusPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>grc20-indexer status</title>
<style>${STYLE}</style></head>
<body>
<header><h1>grc20-indexer · status</h1><span id="verdict" class="pill">loading</span>
<span class="detail"><span id="ready-word"></span> · synchronizer <b id="sync-status"></b></span>
<span class="updated" id="updated-line"><span id="updated"></span> · <span id="age"></span></span></header>
<main>
<div class="card alert bad" id="problem"></div>
<div class="card alert info" id="empty"><strong>Nothing is indexed yet.</strong>
The synchronizer has not recorded any state: this page fills in once it runs.</div>
<div class="card alert bad" id="stall"><strong>Block <span id="stall-height"></span> cannot be indexed.</strong>
The synchronizer retries it and holds everything above it until it can:
<div class="message" id="stall-reason"></div>
<div class="retry"><span id="stall-retry"></span><span id="stall-retry-in"></span></div></div>
<div class="card alert bad" id="sync-alert"><strong id="sync-alert-title"></strong>
<div class="message" id="sync-alert-message"></div>
<div class="retry"><span id="sync-alert-retry"></span><span id="sync-alert-retry-in"></span></div></div>
<div class="card stat"><div class="label">Indexed height</div><div class="value" id="indexed-height">—</div>
<div class="sub" id="indexed-sub"></div></div>
<div class="card stat"><div class="label">Chain head</div><div class="value" id="head-height">—</div>
<div class="sub" id="checkpoint"></div></div>
<div class="card stat"><div class="label">Lag (blocks behind the head)</div><div class="value" id="lag">—</div>
<div class="sub" id="lag-sub"></div></div>
<div class="card stat"><div class="label">Synchronizer</div><div class="value" id="sync-state">—</div>
<div class="sub clip" id="sync-error"></div>
<div class="sub"><span id="sync-updated"></span><span id="sync-updated-age"></span></div>
<div class="sub"><a href="metrics">metrics</a> · <a href="docs">API docs</a> · <a href="status.json">status.json</a> · <a href="ready">ready</a></div></div>
<div class="card full"><h2>Throughput per minute <span class="note">· last 10 minutes, <span id="throughput-range"></span></span></h2>
<div class="charts">${chartBlock("blocks-chart", "blocks indexed")}${
    chartBlock("events-chart", "token events applied")
  }</div></div>
<div class="card wide"><h2>Events by kind <span class="note">· <span id="kind-total"></span></span></h2><table>
<thead><tr><th>kind</th><th class="num">events</th><th class="num">share</th>${
    axisHead("kind-max")
  }</tr></thead>
<tbody id="events-by-kind"></tbody></table></div>
<div class="card wide"><h2>Rejected events by reason <span class="note">· <span id="reason-total"></span></span></h2><table>
<thead><tr><th>reason</th><th class="num">events</th><th class="num">share</th>${
    axisHead("reason-max")
  }</tr></thead>
<tbody id="rejections"></tbody></table></div>
<div class="card full"><h2>Tokens <span class="note">· <span id="token-count"></span> · largest by holders</span></h2>
<div class="scroll"><table>
<thead><tr><th>symbol</th><th>token id</th><th class="num">holders</th>${
    axisHead("holder-max", "axis wide-only")
  }<th class="num">total supply</th></tr></thead>
<tbody id="largest-tokens"></tbody></table></div></div>
<div class="card full"><h2>Latest transfers</h2><div class="scroll"><table>
<thead><tr><th class="num">height</th><th>time (UTC)</th><th>kind</th><th>token</th><th>from</th><th>to</th><th class="num">amount</th></tr></thead>
<tbody id="latest-transfers"></tbody></table></div></div>
</main>
<script>${SCRIPT}</script>
</body></html>`;
}
