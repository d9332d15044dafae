/**
 * The /status page: one screen of HTML with inline CSS and a little inline JS that polls
 * /status.json every two seconds. No build step and no external assets (it must work on a closed
 * network). Every value from the database is written with textContent, never as HTML.
 */

const STYLE = `
:root { color-scheme: light; --ink:#1d2330; --muted:#667085; --line:#e4e7ec; --bg:#f5f6f8;
  --card:#fff; --accent:#3b5bdb; --mint:#2f9e44; --burn:#e03131; --transfer:#3b5bdb; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  color:var(--ink); background:var(--bg); }
header { display:flex; align-items:center; gap:12px; padding:14px 24px; background:#1d2330;
  color:#fff; }
header h1 { font-size:17px; margin:0; font-weight:600; }
header .updated { margin-left:auto; color:#c5cad3; font-size:12px; }
.pill { padding:2px 10px; border-radius:999px; font-size:12px; font-weight:600;
  background:#495057; color:#fff; }
.pill.caught_up { background:var(--mint); } .pill.syncing { background:#f08c00; }
.pill.error, .pill.stalled { background:var(--burn); } .pill.stopped { background:#868e96; }
main { padding:18px 24px; display:grid; gap:16px; grid-template-columns:repeat(4,1fr); }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; }
.stat .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.stat .value { font-size:28px; font-weight:650; margin-top:4px; font-variant-numeric:tabular-nums; }
.stat .sub { color:var(--muted); font-size:12px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.wide { grid-column:span 2; } .full { grid-column:1 / -1; }
h2 { font-size:13px; margin:0 0 10px; color:var(--muted); text-transform:uppercase;
  letter-spacing:.04em; }
.chart { display:flex; align-items:flex-end; gap:4px; height:70px; }
.chart div { flex:1; background:var(--accent); border-radius:3px 3px 0 0; min-height:2px; opacity:.85; }
.chart.events div { background:var(--mint); }
.chart-label { display:flex; justify-content:space-between; color:var(--muted); font-size:12px;
  margin:6px 0 12px; }
table { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
th { text-align:left; color:var(--muted); font-weight:500; font-size:12px; padding:4px 6px;
  border-bottom:1px solid var(--line); }
td { padding:5px 6px; border-bottom:1px solid var(--line); white-space:nowrap; }
td.num, th.num { text-align:right; }
td.amount { white-space:normal; overflow-wrap:anywhere; max-width:22ch; }
.bar { height:6px; background:var(--line); border-radius:3px; min-width:80px; }
.bar span { display:block; height:100%; border-radius:3px; background:var(--accent); }
.kind { font-size:11px; font-weight:600; padding:1px 7px; border-radius:999px; color:#fff; }
.kind.mint { background:var(--mint); } .kind.burn { background:var(--burn); }
.kind.transfer { background:var(--transfer); }
.mono { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; }
.empty { color:var(--muted); font-style:italic; }
#stall { display:none; grid-column:1 / -1; background:#fff5f5; border-color:#ffc9c9; }
#stall strong { color:var(--burn); }
#problem { display:none; grid-column:1 / -1; background:#fff5f5; border-color:#ffc9c9; color:var(--burn); }
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const fmt = (n) => Number(n).toLocaleString("en-US");
const short = (a) => a === "" ? "—" : a.length > 16 ? a.slice(0, 8) + "…" + a.slice(-6) : a;
function cell(row, text, className, title) {
  const td = row.insertCell(); td.textContent = text;
  if (className) td.className = className; if (title) td.title = title; return td;
}
function chart(id, values) {
  const el = $(id); const max = Math.max(1, ...values);
  el.replaceChildren(...values.map((v) => {
    const bar = document.createElement("div");
    bar.style.height = (v / max * 100) + "%"; bar.title = fmt(v); return bar;
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
function barCell(row, value, max, color) {
  const span = document.createElement("span");
  span.style.width = (max ? value / max * 100 : 0) + "%"; if (color) span.style.background = color;
  const bar = document.createElement("div"); bar.className = "bar"; bar.append(span);
  row.insertCell().append(bar);
}
function render(s) {
  $("indexed-height").textContent = s.indexedHeight < 0 ? "—" : fmt(s.indexedHeight);
  $("head-height").textContent = s.headHeight < 0 ? "—" : fmt(s.headHeight);
  $("lag").textContent = s.lag === null ? "—" : fmt(s.lag);
  $("checkpoint").textContent = s.sync ? "synced through " + fmt(s.sync.lastHeight) : "synchronizer not started";
  const status = s.sync ? s.sync.status : "not started";
  $("sync-status").textContent = status.replace("_", " ");
  $("sync-status").className = "pill " + status;
  $("sync-state").textContent = status.replace("_", " ");
  $("sync-error").textContent = !s.sync ? "" : s.sync.lastError
    ? fmt(s.sync.errorCount) + " errors, last: " + s.sync.lastError
    : "no errors · row updated " + new Date(s.sync.updatedAt).toLocaleTimeString();
  $("sync-error").title = s.sync ? s.sync.lastError : "";
  const stalled = s.sync && s.sync.stalledHeight !== null;
  $("stall").style.display = stalled ? "block" : "none";
  $("stall-height").textContent = stalled ? fmt(s.sync.stalledHeight) : "";
  $("stall-reason").textContent = stalled ? s.sync.lastError : "";
  const blocks = s.throughput.map((t) => t.blocks), events = s.throughput.map((t) => t.events);
  chart("blocks-chart", blocks); chart("events-chart", events);
  const summary = (list, noun) => fmt(list.reduce((a, b) => a + b, 0)) + " " + noun +
    " in 10 min · " + fmt(list[list.length - 1] ?? 0) + " this minute";
  $("blocks-rate").textContent = summary(blocks, "blocks");
  $("events-rate").textContent = summary(events, "events");
  const kinds = Object.entries(s.eventsByKind); const kindMax = Math.max(...kinds.map(([, n]) => n));
  rows("events-by-kind", kinds, (row, [kind, n]) => {
    const badge = document.createElement("span"); badge.className = "kind " + kind; badge.textContent = kind;
    row.insertCell().append(badge); cell(row, fmt(n), "num");
    barCell(row, n, kindMax, getComputedStyle(document.body).getPropertyValue("--" + kind));
  }, "no token events yet", 3);
  $("token-count").textContent = fmt(s.tokens.count) + (s.tokens.count === 1 ? " token" : " tokens");
  const holderMax = Math.max(0, ...s.tokens.largest.map((t) => t.holders));
  rows("largest-tokens", s.tokens.largest, (row, t) => {
    cell(row, t.symbol ?? "—"); cell(row, t.tokenId, "mono", t.tokenId);
    cell(row, fmt(t.holders), "num"); barCell(row, t.holders, holderMax);
  }, "no tokens yet", 4);
  const reasonMax = Math.max(0, ...s.rejectionsByReason.map((r) => r.count));
  rows("rejections", s.rejectionsByReason, (row, r) => {
    cell(row, r.reason, "mono"); cell(row, fmt(r.count), "num"); barCell(row, r.count, reasonMax, "#e03131");
  }, "no rejected events", 3);
  rows("latest-transfers", s.latestTransfers, (row, t) => {
    cell(row, fmt(t.blockHeight), "num");
    cell(row, t.time ? new Date(t.time).toISOString().replace("T", " ").slice(0, 19) : "—");
    const badge = document.createElement("span"); badge.className = "kind " + t.kind; badge.textContent = t.kind;
    row.insertCell().append(badge);
    cell(row, t.tokenId, "mono"); cell(row, short(t.from), "mono", t.from);
    cell(row, short(t.to), "mono", t.to); cell(row, t.amount, "num mono amount", t.amount);
  }, "no transfers yet", 7);
  $("updated").textContent = "updated " + new Date(s.generatedAt).toLocaleTimeString();
  document.body.dataset.loaded = "true";
}
async function refresh() {
  try {
    const response = await fetch("status.json", { cache: "no-store" });
    if (!response.ok) throw new Error("status.json answered " + response.status);
    render(await response.json()); $("problem").style.display = "none";
  } catch (error) {
    $("problem").style.display = "block"; $("problem").textContent = "Cannot load status: " + error.message;
  }
}
refresh(); setInterval(refresh, 2000);
`;

export function renderStatusPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>grc20-indexer status</title>
<style>${STYLE}</style></head>
<body>
<header><h1>grc20-indexer · status</h1><span id="sync-status" class="pill">loading</span>
<span class="updated" id="updated"></span></header>
<main>
<div class="card" id="problem"></div>
<div class="card" id="stall"><strong>Block <span id="stall-height"></span> cannot be indexed.</strong>
The synchronizer retries it and holds everything above it until it can:
<span id="stall-reason" class="mono"></span></div>
<div class="card stat"><div class="label">Indexed height</div><div class="value" id="indexed-height">—</div>
<div class="sub">consistent through (every event applied)</div></div>
<div class="card stat"><div class="label">Chain head</div><div class="value" id="head-height">—</div>
<div class="sub" id="checkpoint"></div></div>
<div class="card stat"><div class="label">Lag</div><div class="value" id="lag">—</div>
<div class="sub">blocks behind the head</div></div>
<div class="card stat"><div class="label">Synchronizer</div><div class="value" id="sync-state">—</div>
<div class="sub" id="sync-error"></div>
<div class="sub"><a href="metrics">metrics</a> · <a href="docs">API docs</a> · <a href="status.json">status.json</a></div></div>
<div class="card full"><h2>Throughput, last 10 minutes (per minute)</h2>
<div class="chart" id="blocks-chart"></div><div class="chart-label"><span>blocks indexed</span><span id="blocks-rate"></span></div>
<div class="chart events" id="events-chart"></div><div class="chart-label"><span>token events applied</span><span id="events-rate"></span></div></div>
<div class="card wide"><h2>Events by kind</h2><table><tbody id="events-by-kind"></tbody></table></div>
<div class="card wide"><h2>Rejected events by reason</h2><table><tbody id="rejections"></tbody></table></div>
<div class="card full"><h2>Tokens · <span id="token-count"></span> · largest by holders</h2><table>
<thead><tr><th>symbol</th><th>token id</th><th class="num">holders</th><th></th></tr></thead>
<tbody id="largest-tokens"></tbody></table></div>
<div class="card full"><h2>Latest transfers</h2><table>
<thead><tr><th class="num">height</th><th>time (UTC)</th><th>kind</th><th>token</th><th>from</th><th>to</th><th class="num">amount</th></tr></thead>
<tbody id="latest-transfers"></tbody></table></div>
</main>
<script>${SCRIPT}</script>
</body></html>`;
}
