// The gateway's status page: polls status.json once a second and draws it. Rates are computed
// here from two consecutive polls, so the JSON stays plain totals for scripts. Everything from
// the server goes into the page as text (textContent), never as markup.
"use strict";

const POLL_MS = 1000;
const KEY_STORAGE = "gateway-status-key";
const $ = (id) => document.getElementById(id);

let keyHeader = "X-API-Key";
let previous = null; // { at, report } of the last poll, for rates
let timer = null;

function apiKey() { return sessionStorage.getItem(KEY_STORAGE); }

async function poll() {
  const headers = { "Accept": "application/json" };
  const key = apiKey();
  if (key) headers[keyHeader] = key;
  try {
    const response = await fetch("status.json", { headers, cache: "no-store" });
    if (response.status === 401) return askForKey(response, Boolean(key));
    if (!response.ok) throw new Error(`status.json answered ${response.status}`);
    const report = await response.json();
    draw(report, performance.now());
    setProblem("");
    document.body.dataset.state = "ok";
  } catch (e) {
    setProblem(`not updating: ${e.message}`);
    document.body.dataset.state = "error";
  }
  schedule();
}

function schedule() { timer = setTimeout(poll, POLL_MS); }

function askForKey(response, hadKey) {
  // The 401 names the header: WWW-Authenticate: ApiKey header="X-API-Key"
  const challenge = response.headers.get("WWW-Authenticate") || "";
  const named = /header="([^"]+)"/.exec(challenge);
  if (named) keyHeader = named[1];
  $("key-header").textContent = keyHeader;
  $("key-error").textContent = hadKey ? "That key was not accepted." : "";
  $("key-form").hidden = false;
  $("status").hidden = true;
  $("summary").textContent = "API key needed";
  document.body.dataset.state = "unauthorized";
  $("key").focus();
}

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const key = $("key").value;
  if (!key) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  $("key").value = "";
  $("key-form").hidden = true;
  clearTimeout(timer);
  poll();
});

function setProblem(text) { $("problem").textContent = text; }

function rate(now, before, seconds) {
  if (before === undefined || before === null || seconds <= 0) return null;
  return Math.max(0, (now - before) / seconds);
}

function fmtRate(value) { return value === null ? "–" : value.toFixed(value < 10 ? 1 : 0); }
function fmtCount(value) { return value === null || value === undefined ? "–" : value.toLocaleString("en"); }
function fmtBytes(value) {
  if (value === null || value === undefined) return "–";
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = value, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}
function fmtUptime(seconds) {
  const s = Math.floor(seconds), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}
function fmtTime(iso) { return iso ? new Date(iso).toLocaleTimeString("en-GB") : ""; }

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function draw(report, at) {
  const seconds = previous ? (at - previous.at) / 1000 : 0;
  const before = previous ? previous.report : null;
  const routeBefore = (id) => before ? before.routes.find((r) => r.id === id) : null;

  $("key-form").hidden = true;
  $("status").hidden = false;

  const rows = report.routes.map((route) => {
    const old = routeBefore(route.id);
    const tr = el("tr");
    tr.dataset.route = route.id;
    tr.append(el("td", route.id), el("td", route.prefix));
    const list = el("ul", null, "upstreams");
    for (const upstream of route.upstreams) {
      const li = el("li");
      li.dataset.upstream = upstream.url;
      li.dataset.breakerState = upstream.breaker.state;
      const badge = el("span", upstream.breaker.state, `badge ${upstream.breaker.state}`);
      badge.title = breakerTitle(upstream.breaker);
      li.append(badge, el("span", upstream.url));
      if (upstream.breaker.consecutiveFailures > 0) li.append(el("span", `${upstream.breaker.consecutiveFailures} failures`, "muted"));
      list.append(li);
    }
    const flags = [route.caching ? "cache" : null, route.rateLimited ? "rate limit" : null, route.authRequired ? "API key" : null].filter(Boolean);
    const upstreamCell = el("td");
    upstreamCell.append(list);
    if (flags.length) upstreamCell.append(el("div", flags.join(" · "), "muted"));
    tr.append(
      upstreamCell,
      el("td", fmtRate(rate(route.totals.requests, old && old.totals.requests, seconds)), "num"),
      el("td", fmtRate(rate(route.totals.serverErrors, old && old.totals.serverErrors, seconds)), "num"),
      el("td", fmtCount(route.totals.requests), "num"),
      el("td", fmtCount(route.totals.serverErrors), "num"),
      el("td", fmtCount(route.totals.rateLimited), "num"));
    return tr;
  });
  for (const breaker of report.otherBreakers) {
    const tr = el("tr");
    const li = el("li");
    li.dataset.upstream = breaker.key;
    li.dataset.breakerState = breaker.state;
    li.append(el("span", breaker.state, `badge ${breaker.state}`), el("span", breaker.key));
    const list = el("ul", null, "upstreams");
    list.append(li);
    const cell = el("td");
    cell.append(list);
    tr.append(el("td", "(no route)", "muted"), el("td", ""), cell, el("td"), el("td"), el("td"), el("td"), el("td"));
    rows.push(tr);
  }
  $("routes").tBodies[0].replaceChildren(...rows);

  const total = (r) => r.routes.reduce((sum, route) => sum + route.totals.requests, 0) + r.unrouted.requests;
  $("total-rate").textContent = fmtRate(before ? rate(total(report), total(before), seconds) : null);
  $("in-flight").textContent = fmtCount(report.inFlight);
  $("unrouted").textContent = fmtCount(report.unrouted.requests);
  $("uptime").textContent = fmtUptime(report.uptimeSeconds);

  const cache = report.cache;
  $("cache-ratio").textContent = cache.hitRatio === null ? "–" : `${(cache.hitRatio * 100).toFixed(1)} %`;
  $("cache-entries").textContent = fmtCount(cache.entries);
  $("cache-bytes").textContent = fmtBytes(cache.bytes);
  $("cache-counts").textContent = `${fmtCount(cache.hits)} / ${fmtCount(cache.misses)} / ${fmtCount(cache.bypasses)}`;

  const ws = report.webSockets;
  $("ws-open").textContent = fmtCount(ws.open);
  $("ws-messages").textContent = fmtCount(ws.messagesRelayed);
  $("ws-rate").textContent = fmtRate(before ? rate(ws.messagesRelayed, before.webSockets.messagesRelayed, seconds) : null);

  const actors = report.actors;
  $("actors-limiters").textContent = fmtCount(actors.rateLimiters);
  $("actors-cache").textContent = fmtCount(actors.cacheEntries);
  $("actors-ws").textContent = fmtCount(actors.webSocketRelays);
  $("actors-breakers").textContent = fmtCount(actors.breakers);

  const limit = report.rateLimit;
  $("clients-window").textContent = `(last ${Math.round(limit.windowSeconds / 60)}–${Math.round(2 * limit.windowSeconds / 60)} min; ${fmtCount(limit.liveLimiters)} live limiters)`;
  const clients = limit.busiestClients.map((c) => {
    const tr = el("tr");
    tr.dataset.client = c.client;
    tr.append(el("td", c.client), el("td", fmtCount(c.denials), "num"));
    return tr;
  });
  if (clients.length === 0) clients.push(emptyRow(2, "nobody has been refused"));
  $("clients").tBodies[0].replaceChildren(...clients);

  const transitions = report.recentTransitions.map((t) => {
    const tr = el("tr");
    tr.append(el("td", fmtTime(t.at)), el("td", t.upstream), badgeCell(t.from), badgeCell(t.to), el("td", t.cause));
    return tr;
  });
  if (transitions.length === 0) transitions.push(emptyRow(5, "none since start"));
  $("transitions").tBodies[0].replaceChildren(...transitions);

  // Only with gateway.cluster on; a node on its own has no cluster to show.
  const cluster = report.cluster;
  $("cluster").hidden = !cluster;
  if (cluster) {
    $("cluster-self").textContent = `(this node: ${cluster.self})`;
    $("cluster-members").tBodies[0].replaceChildren(...cluster.members.map((m) => {
      const tr = el("tr");
      tr.dataset.member = m.address;
      tr.append(el("td", m.address), badgeCell(m.status),
        el("td", fmtCount(m.entities?.rateLimiters), "num"), el("td", fmtCount(m.entities?.cacheKeys), "num"),
        el("td", fmtCount(m.entities?.breakers), "num"),
        el("td", [m.isSelf ? "this node" : "", m.address === cluster.leader ? "leader" : ""].filter(Boolean).join(", "), "muted"));
      return tr;
    }));
  }

  const open = report.routes.flatMap((r) => r.upstreams).filter((u) => u.breaker.state !== "closed").length;
  $("summary").textContent = `${report.routes.length} routes · ${open === 0 ? "all breakers closed" : `${open} breaker${open === 1 ? "" : "s"} not closed`}`;
  $("updated").textContent = `updated ${fmtTime(report.now)}`;
  document.body.dataset.polls = String(Number(document.body.dataset.polls || 0) + 1);

  previous = { at, report };
}

function breakerTitle(breaker) {
  if (breaker.state === "open" && breaker.openUntil) return `open; next probe at ${fmtTime(breaker.openUntil)}`;
  if (breaker.since) return `${breaker.state} since ${fmtTime(breaker.since)}`;
  return breaker.state;
}

function badgeCell(state) {
  const td = el("td");
  td.append(el("span", state, `badge ${state}`));
  return td;
}

function emptyRow(columns, text) {
  const tr = el("tr");
  const td = el("td", text, "muted");
  td.colSpan = columns;
  tr.append(td);
  return tr;
}

poll();
