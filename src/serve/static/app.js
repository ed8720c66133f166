// fouille's page. Everything from the index (titles, passages, sites) is untrusted text:
// it is only ever put in the page with textContent / createTextNode, never as HTML.
"use strict";

const PAGE = 10;
const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let seq = 0;          // the latest search sent; older answers are dropped
let timer = null;     // debounce of typing
let controller = null;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// `text` with the byte ranges `ranges` (UTF-8, as the API gives them) in <mark>.
function marked(text, ranges, into) {
  const bytes = encoder.encode(text);
  let at = 0;
  for (const [s, e] of ranges || []) {
    if (s < at || e > bytes.length || s >= e) continue;
    into.append(decoder.decode(bytes.subarray(at, s)));
    into.append(el("mark", "", decoder.decode(bytes.subarray(s, e))));
    at = e;
  }
  into.append(decoder.decode(bytes.subarray(at)));
  return into;
}

function frenchDate(iso) {
  if (!iso) return "";
  const d = new Date(iso + "T12:00:00Z");
  if (isNaN(d)) return iso;
  return d.toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function plural(n, one, many) {
  return `${n.toLocaleString("fr-FR")} ${n === 1 ? one : many}`;
}

// The state of the page lives in the URL hash, so Back and reload work.
function readHash() {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

function searchState() {
  const s = new URLSearchParams();
  const q = $("q").value.trim();
  if (q) s.set("q", q);
  for (const [id, key] of [["since", "since"], ["until", "until"], ["site", "site"], ["per", "per_article"], ["sort", "sort"]]) {
    if ($(id).value) s.set(key, $(id).value);
  }
  return s;
}

function go(state, replace) {
  const hash = "#" + state.toString();
  if (location.hash === hash) { render(); return; }
  if (replace) history.replaceState(null, "", hash); else location.hash = hash;
  if (replace) render();
}

function scheduleSearch() {
  clearTimeout(timer);
  timer = setTimeout(() => go(searchState(), true), 150);
}

function apiUrl(state) {
  const p = new URLSearchParams();
  let q = state.get("q") || "";
  const site = state.get("site");
  if (site) q += ` site:${site}`;
  p.set("q", q);
  p.set("limit", String(PAGE));
  p.set("offset", state.get("offset") || "0");
  for (const k of ["since", "until", "per_article", "sort"]) if (state.get(k)) p.set(k, state.get(k));
  return "/api/search?" + p.toString();
}

async function getJson(url, signal) {
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ message: `réponse illisible (${response.status})` }));
  if (!response.ok) throw new Error(body.message || `erreur ${response.status}`);
  return body;
}

function showList() {
  $("list").hidden = false;
  $("article").hidden = true;
}

async function runSearch(state) {
  showList();
  const q = state.get("q") || "";
  const mine = ++seq;
  if (controller) controller.abort();
  if (!q) {
    $("results").replaceChildren();
    $("status").textContent = "Tapez quelques mots : les passages qui y répondent s’affichent au fur et à mesure.";
    $("suggest").hidden = true; $("notes").hidden = true; $("pager").hidden = true;
    return;
  }
  controller = new AbortController();
  let data;
  try {
    data = await getJson(apiUrl(state), controller.signal);
  } catch (e) {
    if (e.name === "AbortError" || mine !== seq) return;
    $("results").replaceChildren();
    $("pager").hidden = true;
    $("status").textContent = `Erreur : ${e.message}`;
    return;
  }
  if (mine !== seq) return;
  drawResults(state, data);
}

function drawResults(state, data) {
  const offset = data.offset || 0;
  $("status").textContent = data.total_hits === 0
    ? `Aucun passage ne correspond à « ${state.get("q")} ».`
    : `${plural(data.total_hits, "passage trouvé", "passages trouvés")} (${data.took_ms.toLocaleString("fr-FR")} ms)`;
  const fix = data.did_you_mean;
  $("suggest").hidden = !fix;
  $("fix").textContent = fix ? `« ${fix} »` : "";
  $("fix").dataset.query = fix || "";
  const notes = data.notes || [];
  $("notes").hidden = notes.length === 0;
  $("notes").replaceChildren(...notes.map((n) => el("li", "", `Note : ${n}`)));
  const items = data.hits.map((hit) => {
    const li = el("li", "hit");
    const a = el("a");
    const target = new URLSearchParams({ article: hit.doc, p: String(hit.passage) });
    if (state.get("q")) target.set("q", state.get("q"));
    target.set("from", state.toString());
    a.href = "#" + target.toString();
    a.dataset.doc = hit.doc;
    a.dataset.passage = String(hit.passage);
    a.append(el("h2", "title", hit.title || hit.doc));
    const meta = [frenchDate(hit.date), hit.site, `${hit.doc} ¶${hit.passage}`].filter(Boolean).join(" · ");
    a.append(el("p", "meta", meta + (hit.heading ? ` — ${hit.heading}` : "")));
    a.append(marked(hit.text, hit.highlights, el("p", "passage")));
    li.append(a);
    return li;
  });
  $("results").replaceChildren(...items);
  const pages = data.total_hits > PAGE;
  $("pager").hidden = !pages;
  $("prev").disabled = offset === 0;
  $("next").disabled = offset + PAGE >= Math.min(data.total_hits, 1000);
  $("page").textContent = `Page ${Math.floor(offset / PAGE) + 1} sur ${Math.ceil(Math.min(data.total_hits, 1010) / PAGE)}`;
}

async function showArticle(state) {
  const doc = state.get("article");
  const passage = state.get("p");
  const q = state.get("q") || "";
  $("list").hidden = true;
  $("article").hidden = false;
  const from = state.get("from");
  $("back").href = "#" + (from || "");
  const url = "/api/articles/" + doc.split("/").map(encodeURIComponent).join("/") +
    (q ? "?q=" + encodeURIComponent(q) : "");
  let data;
  try {
    data = await getJson(url);
  } catch (e) {
    $("a-title").textContent = "Article introuvable";
    $("a-meta").textContent = e.message;
    $("a-passages").replaceChildren();
    return;
  }
  $("a-title").textContent = data.title || data.path;
  const meta = $("a-meta");
  meta.replaceChildren(document.createTextNode([frenchDate(data.date), data.site, data.path].filter(Boolean).join(" · ")));
  if (data.source && /^https?:\/\//i.test(data.source)) {
    meta.append(" · ");
    const link = el("a", "", "source");
    link.href = data.source;
    link.rel = "noopener noreferrer";
    meta.append(link);
  }
  let current = null;
  const items = data.passages.map((p) => {
    const li = el("li");
    li.id = `p-${p.passage}`;
    li.tabIndex = -1;
    li.append(el("span", "no", `¶${p.passage} · ligne ${p.line}`));
    if (p.heading) li.append(el("h3", "", p.heading));
    li.append(marked(p.text, p.highlights, el("p")));
    if (String(p.passage) === passage) { li.classList.add("current"); current = li; }
    return li;
  });
  $("a-passages").replaceChildren(...items);
  if (current) {
    current.scrollIntoView({ block: "center" });
    current.focus({ preventScroll: true });
  } else {
    window.scrollTo(0, 0);
    $("a-title").focus?.();
  }
}

function fillForm(state) {
  if (document.activeElement !== $("q")) $("q").value = state.get("q") || "";
  $("since").value = state.get("since") || "";
  $("until").value = state.get("until") || "";
  $("per").value = state.get("per_article") || "";
  $("sort").value = state.get("sort") || "";
  const site = state.get("site") || "";
  if (site && ![...$("site").options].some((o) => o.value === site)) $("site").append(new Option(site, site));
  $("site").value = site;
}

function render() {
  const state = readHash();
  if (state.get("article")) {
    showArticle(state);
  } else {
    fillForm(state);
    runSearch(state);
  }
}

function hitLinks() {
  return [...document.querySelectorAll("#results a")];
}

function onKey(event) {
  const t = event.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
  if (event.key === "/" && !typing) {
    event.preventDefault();
    if (!$("article").hidden) location.hash = $("back").getAttribute("href").slice(1);
    $("q").focus();
    $("q").select();
    return;
  }
  if (event.key === "Escape" && !$("article").hidden) {
    location.hash = $("back").getAttribute("href").slice(1);
    return;
  }
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  if (typing && t !== $("q")) return;
  const links = hitLinks();
  if (links.length === 0) return;
  const at = links.indexOf(document.activeElement);
  let next;
  if (event.key === "ArrowDown") next = at < 0 ? 0 : Math.min(at + 1, links.length - 1);
  else if (at <= 0) { if (at === 0) { event.preventDefault(); $("q").focus(); } return; }
  else next = at - 1;
  event.preventDefault();
  links[next].focus();
}

async function loadSites() {
  try {
    const health = await getJson("/api/health");
    const select = $("site");
    const have = new Set([...select.options].map((o) => o.value));
    for (const site of health.sites || []) if (!have.has(site)) select.append(new Option(site, site));
    select.value = readHash().get("site") || "";
  } catch (_) { /* the filter stays with "Tous les sites" */ }
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); go(searchState(), true); });
  $("q").addEventListener("input", scheduleSearch);
  for (const id of ["since", "until", "site", "per", "sort"]) $(id).addEventListener("change", () => go(searchState(), true));
  $("fix").addEventListener("click", () => { $("q").value = $("fix").dataset.query; go(searchState(), true); $("q").focus(); });
  $("prev").addEventListener("click", () => page(-1));
  $("next").addEventListener("click", () => page(1));
  document.addEventListener("keydown", onKey);
  window.addEventListener("hashchange", render);
  loadSites();
  render();
  if (!readHash().get("article")) $("q").focus();
});

function page(step) {
  const state = readHash();
  const offset = Math.max(0, (parseInt(state.get("offset") || "0", 10) || 0) + step * PAGE);
  if (offset) state.set("offset", String(offset)); else state.delete("offset");
  location.hash = "#" + state.toString();
  window.scrollTo(0, 0);
}
