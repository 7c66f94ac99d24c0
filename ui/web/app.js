// Sajin's web app: the timeline, search, albums, the viewer and uploads. Plain ES modules, no build step, nothing
// fetched from outside the server. Screens are chosen by the address's hash: #/ (timeline), #/search/<q>,
// #/albums, #/albums/<id>, #/shares (my links), #/account. Endpoints that do not exist yet (albums, suggestions,
// the timeline's years) answer 404: the parts of the page that need them stay hidden. Without a session the server
// answers 401 and the page shows the login form instead.
import { t, lang, setLang, applyWords, formatYear } from "./i18n.js";
import { Grid } from "./grid.js";
import { Viewer } from "./viewer.js";
import { Uploads } from "./upload.js";
import { session, withCSRF, hooks } from "./session.js";
import { showLogin, showAccount, showShares } from "./accounts.js";
import { shareForm } from "./share-form.js";

const $ = (id) => document.getElementById(id);
// Photos per request; ?page_size= makes it smaller, to see paging work on a small library.
const PAGE = Math.min(Math.max(Number(new URLSearchParams(location.search).get("page_size")) || 120, 1), 1000);

/** api fetches JSON, sending the CSRF token with requests that change something; it resolves to
 * {ok, status, body}. A 401 means the session ended: the login form comes back. */
export async function api(url, init) {
  try {
    const res = await fetch(url, withCSRF(init));
    if (res.status === 401 && url !== "/api/login" && !url.startsWith("/api/password")) hooks.loggedOut();
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    return { ok: res.ok, status: res.status, body };
  } catch (err) {
    return { ok: false, status: 0, body: null, err };
  }
}

// ---- the feed: what the grid shows, loaded page by page as the user scrolls ----

const grid = new Grid($("days"), { grouped: true });
const feed = {
  kind: "timeline", // timeline | search | album
  query: "",
  items: [], ids: new Set(), total: 0, next: 0, start: 0, done: false, loading: null, gen: 0,
};

function resetFeed(kind, query, start = 0) {
  Object.assign(feed, { kind, query, items: [], ids: new Set(), total: 0, next: start, start, done: false, loading: null });
  feed.gen++;
  grid.clear();
  $("newer").hidden = start === 0;
  $("suggest").hidden = true;
  setStatus(t("loading"));
}

function pageURL() {
  const page = `offset=${feed.next}&limit=${PAGE}`;
  if (feed.kind !== "search") return `/api/photos?${page}`;
  return `/api/search?q=${encodeURIComponent(feed.query)}&${page}${feed.next === 0 ? "&facets=1" : ""}`;
}

/** loadMore fetches the next page of the feed once; concurrent calls share it. */
function loadMore() {
  if (feed.done) return Promise.resolve();
  if (feed.loading) return feed.loading;
  const gen = feed.gen;
  feed.loading = (async () => {
    const res = await api(pageURL());
    if (gen !== feed.gen) return;
    feed.loading = null;
    const body = res.body || {};
    const got = feed.kind === "search" ? body.results : body.photos;
    if (!res.ok || !Array.isArray(got)) {
      setStatus(`${t("loadFailed")}: ${body.error?.message || res.status || ""}`, true);
      feed.done = true;
      return;
    }
    feed.total = body.total || 0;
    feed.next += got.length;
    const fresh = got.filter((p) => !feed.ids.has(p.id));
    for (const p of fresh) { feed.ids.add(p.id); feed.items.push(p); }
    grid.append(fresh);
    if (!got.length || feed.next >= feed.total) feed.done = true;
    showCount();
    updateYears();
    showFacets(body.facets);
  })();
  return feed.loading;
}

function setStatus(text, isError) {
  const s = $("status");
  s.replaceChildren(text);
  s.classList.toggle("error", !!isError);
  if (isError) {
    const b = document.createElement("button");
    b.className = "button";
    b.type = "button";
    b.textContent = t("retry");
    b.onclick = () => route();
    s.append(" ", b);
  }
}

/** shareButton opens, under itself, the form that shares target as a link. */
function shareButton(id, label, target) {
  const wrap = document.createElement("div");
  wrap.className = "share-inline";
  const b = document.createElement("button");
  b.type = "button";
  b.className = "button";
  b.id = id;
  b.textContent = t(label);
  b.onclick = () => {
    const open = wrap.querySelector("form");
    if (open) { open.remove(); return; }
    wrap.append(shareForm(target, { api, close: () => wrap.querySelector("form")?.remove() }));
  };
  wrap.append(b);
  return wrap;
}

function showCount() {
  const n = feed.total;
  if (feed.kind === "search") {
    if (n) {
      setStatus(t("results", n, feed.query));
      if (session.user) $("status").append(" ", shareButton("search-share", "shareSearch", { kind: "search", query: feed.query }));
      $("suggest").hidden = true;
    } else {
      setStatus(t("noResults", feed.query));
      showSuggestions();
    }
  } else {
    setStatus(n ? t("photos", n) : t("empty"));
  }
}

/** showSuggestions offers queries that work, in the current language. */
function showSuggestions() {
  const box = $("suggest");
  box.replaceChildren();
  for (const q of t("suggestions")) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "chip";
    b.textContent = q;
    b.onclick = () => { $("q").value = q; search(q, true); track("search", { query: q }); };
    box.append(b);
  }
  box.hidden = false;
}

/** showFacets offers refinements when the search answer carries facet counts (asked with facets=1 on the first
 * page): {"years": [{"value", "count"}], "labels": [...], "places", "cameras", "people"}. A chip adds a filter. */
const facetFilter = { years: "year", labels: "label", places: "place", cameras: "camera", people: "person" };
function showFacets(facets) {
  if (feed.kind !== "search" || !facets || typeof facets !== "object" || !feed.total) return;
  const box = $("suggest");
  box.replaceChildren();
  for (const [field, values] of Object.entries(facets)) {
    if (!Array.isArray(values) || !facetFilter[field] || values.length < 2) continue; // one value refines nothing
    for (const v of values.slice(0, 6)) {
      if (!v || v.value == null) continue;
      const refine = `${facetFilter[field]}:${/\s/.test(v.value) ? `"${v.value}"` : v.value}`;
      if (feed.query.includes(refine)) continue;
      const b = document.createElement("button");
      b.type = "button";
      b.className = "chip";
      b.textContent = `${field === "years" ? formatYear(v.value) : v.value} · ${v.count ?? ""}`;
      b.onclick = () => { $("q").value = `${feed.query} ${refine}`; search($("q").value, true); };
      box.append(b);
    }
  }
  box.hidden = !box.children.length;
}

// Paged loading: the sentinel under the grid asks for the next page when it comes near the screen.
new IntersectionObserver((entries) => {
  if (entries.some((e) => e.isIntersecting) && !$("photos-view").hidden) loadMore().then(refill);
}, { rootMargin: "1200px 0px" }).observe($("sentinel"));

/** refill keeps loading while the sentinel is still on screen (a tall window shows more than one page). */
function refill() {
  const r = $("sentinel").getBoundingClientRect();
  if (!feed.done && r.top < innerHeight + 1200 && !$("photos-view").hidden) loadMore().then(refill);
}

// ---- the year scrubber ----
// GET /api/timeline ({"years":[{"year","count","offset"}]}, proposed) gives the years and where each starts. Until
// the server has it, the years run from the newest photo's to the oldest's, and a jump finds where a year starts by
// bisecting the newest-first list: about 17 one-photo requests for 100,000 photos.

let yearIndex = null; // [{year, offset}] when the server has the timeline; null otherwise
let yearRange = null; // [newest, oldest] without it

const yearOf = (p) => (p && /^\d{4}/.test(p.taken_at || "") ? +p.taken_at.slice(0, 4) : -Infinity);

async function photoAt(offset) {
  const res = await api(`/api/photos?offset=${offset}&limit=1`);
  return res.ok ? { photo: res.body?.photos?.[0], total: res.body?.total || 0 } : null;
}

async function loadYearIndex() {
  const res = await api("/api/timeline");
  if (res.ok && Array.isArray(res.body?.years)) { yearIndex = res.body.years; return; }
  const first = await photoAt(0);
  if (!first || !first.total) return;
  const last = await photoAt(first.total - 1);
  const newest = yearOf(first.photo), oldest = yearOf(last?.photo);
  if (newest > 0 && oldest > 0 && newest - oldest < 200) yearRange = [newest, oldest];
}

function updateYears() {
  const nav = $("years");
  if (feed.kind !== "timeline" || $("photos-view").hidden) { nav.hidden = true; return; }
  let years = [...grid.years().keys()];
  if (yearIndex) years = yearIndex.map((y) => String(y.year));
  else if (yearRange) years = Array.from({ length: yearRange[0] - yearRange[1] + 1 }, (_, i) => String(yearRange[0] - i));
  if (years.length < 2) { nav.hidden = true; return; }
  if (nav.dataset.years !== years.join() + lang) {
    nav.replaceChildren();
    for (const y of years) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = formatYear(y);
      b.dataset.year = y;
      b.onclick = () => jumpToYear(y);
      nav.append(b);
    }
    nav.dataset.years = years.join() + lang;
  }
  nav.hidden = false;
  markYear();
}

// The scrubber marks the year at the top of the window as the page scrolls.
let yearTick = 0;
function markYear() {
  if (yearTick || $("years").hidden) return;
  yearTick = requestAnimationFrame(() => {
    yearTick = 0;
    const head = parseInt(getComputedStyle(document.documentElement).getPropertyValue("--head"), 10) || 60;
    const day = document.elementFromPoint(40, head + 30)?.closest(".day")?.dataset.day || "";
    for (const b of $("years").children) b.classList.toggle("here", b.dataset.year === day.slice(0, 4));
  });
}
window.addEventListener("scroll", markYear, { passive: true });

/** yearStart finds the offset of the newest photo taken in year y or before. */
async function yearStart(y) {
  const entry = yearIndex?.find((e) => String(e.year) === y);
  if (entry) return entry.offset || 0;
  const first = await photoAt(0);
  let lo = 0, hi = first?.total || 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = await photoAt(mid);
    if (!at) return null;
    if (yearOf(at.photo) <= +y) hi = mid; else lo = mid + 1;
  }
  return lo;
}

async function jumpToYear(y) {
  let sec = grid.years().get(y);
  if (!sec) {
    const offset = await yearStart(y);
    if (offset == null) return;
    // Load on from what is shown when the year is near; otherwise start the timeline at that year.
    if (offset - feed.next < PAGE * 3 && feed.start === 0) {
      while (!feed.done && feed.next <= offset) await loadMore();
    } else {
      resetFeed("timeline", "", offset);
      await loadMore();
    }
    sec = [...grid.years().entries()].find(([year]) => +year <= +y)?.[1];
  }
  if (sec) { sec.scrollIntoView({ block: "start" }); sec.querySelector("a")?.focus({ preventScroll: true }); }
}

// ---- search: one box, no search while an input method is composing ----

const q = $("q");
let composing = false, timer = 0;
q.addEventListener("compositionstart", () => { composing = true; clearTimeout(timer); });
q.addEventListener("compositionend", () => { composing = false; schedule(); });
q.addEventListener("input", (e) => { if (!composing && !e.isComposing) schedule(); suggest(); });
q.addEventListener("keydown", (e) => { if (e.key === "Escape") { q.value = ""; search("", true); } });
$("search").addEventListener("submit", (e) => {
  e.preventDefault();
  if (composing) return;
  clearTimeout(timer);
  search(q.value, true);
  if (q.value.trim()) track("search", { query: q.value.trim() });
});

function schedule() { clearTimeout(timer); timer = setTimeout(() => search(q.value, false), 300); }

/** search shows the results for text (the timeline when empty); push makes it a step of the browser's history. */
function search(text, push) {
  text = text.trim();
  const hash = text ? `#/search/${encodeURIComponent(text)}` : "#/";
  if (location.hash === hash || (!location.hash && hash === "#/")) return;
  if (push || !location.hash.startsWith("#/search/")) history.pushState(null, "", hash);
  else history.replaceState(null, "", hash);
  route(true);
}

// Type-ahead suggestions from GET /api/suggest?q= (the search issue); a 404 turns them off.
let suggestOn = true, suggestTimer = 0;
function suggest() {
  if (!suggestOn || composing) return;
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const text = q.value.trim();
    if (!text) return;
    const res = await api(`/api/suggest?q=${encodeURIComponent(text)}`);
    if (res.status === 404) { suggestOn = false; return; }
    const list = res.body?.suggestions;
    if (!res.ok || !Array.isArray(list)) return;
    let dl = $("suggestions");
    if (!dl) {
      dl = document.createElement("datalist");
      dl.id = "suggestions";
      document.body.append(dl);
      q.setAttribute("list", "suggestions");
    }
    dl.replaceChildren(...list.slice(0, 8).map((s) => {
      const o = document.createElement("option");
      o.value = typeof s === "string" ? s : (s.text?.[lang] || s.text || s.value || "");
      return o;
    }));
  }, 150);
}

// ---- albums (GET /api/albums; the tab and the viewer's album controls stay hidden while it answers 404) ----

let albums = null; // the list, without photo ids
let people = []; // GET /api/people
const albumState = { on: false, manual: [], favourites: new Set(), current: null, person: null };

async function loadAlbums() {
  const [res, favs, ppl] = await Promise.all([api("/api/albums"), api("/api/albums?kind=favourites&photos=1"), api("/api/people")]);
  albumState.on = res.ok && Array.isArray(res.body?.albums);
  $("tab-albums").hidden = !albumState.on;
  if (!albumState.on) return false;
  albums = res.body.albums;
  // Everyone found in the photos can be named, also those too rarely seen to have an album of their own yet.
  people = ppl.ok ? ppl.body?.people || [] : [];
  const have = new Set(albums.map((a) => a.id));
  for (const p of people) {
    if (!have.has("person-" + p.id)) albums.push({ id: "person-" + p.id, kind: "person", title: p.title, cover: p.cover, count: p.count });
  }
  albumState.manual = albums.filter((a) => a.kind === "manual");
  albumState.favourites = new Set((favs.body?.albums || []).flatMap((a) => a.photos || []));
  return true;
}

/** albumsChanged reloads the albums after the viewer changed one, and redraws the albums screen if it shows. */
async function albumsChanged() {
  await loadAlbums();
  if (!$("albums-view").hidden && !/^#\/albums\/./.test(location.hash)) showAlbums();
}

function title(a) { return (a.title && (a.title[lang] || a.title.en || a.title.ko)) || a.id; }

function albumCard(a) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = `#/albums/${encodeURIComponent(a.id)}`;
  const img = document.createElement("img");
  img.width = img.height = 256;
  img.loading = "lazy";
  img.alt = "";
  if (a.cover) img.src = `/api/photos/${encodeURIComponent(a.cover)}/thumb/tile`;
  const name = document.createElement("strong");
  name.textContent = title(a);
  const meta = document.createElement("span");
  meta.textContent = `${t("kind_" + a.kind)} · ${t("photos", a.count ?? a.photos?.length ?? 0)}`;
  link.append(img, name, meta);
  li.append(link);
  return li;
}

async function showAlbums(id) {
  const view = $("albums-view");
  albumState.current = null;
  albumState.person = null;
  if (!albums && !(await loadAlbums())) { view.replaceChildren(t("noAlbums")); return; }
  if (!id) {
    // The user's own albums first, then the ones Sajin makes, a row of cards for each kind.
    const groups = [["yours", ["favourites", "manual"]], ["group_event", ["event", "trip"]], ["group_memory", ["memory"]],
      ["group_person", ["person"]], ["group_place", ["place"]], ["group_thing", ["thing"]]];
    const known = groups.flatMap(([, kinds]) => kinds);
    groups.push(["group_other", [...new Set(albums.map((a) => a.kind))].filter((k) => !known.includes(k))]);
    const parts = [];
    for (const [name, kinds] of groups) {
      const some = albums.filter((a) => kinds.includes(a.kind));
      if (!some.length) continue;
      const h = document.createElement("h2");
      h.textContent = t(name);
      const ul = document.createElement("ul");
      ul.className = "albums";
      ul.append(...some.map(albumCard));
      parts.push(h, ul);
    }
    view.replaceChildren(...(parts.length ? parts : [t("noAlbums")]));
    return;
  }
  const res = await api(`/api/albums/${encodeURIComponent(id)}`);
  let album = res.ok ? res.body : null;
  if (!album && id.startsWith("person-")) {
    const p = people.find((x) => "person-" + x.id === id);
    if (p) album = { id, kind: "person", title: p.title, cover: p.cover, count: p.count, photos: p.cover ? [p.cover] : [] };
  }
  const back = document.createElement("a");
  back.href = "#/albums";
  back.className = "button";
  back.textContent = `← ${t("back")}`;
  const h = document.createElement("h2");
  h.textContent = album ? title(album) : t("noAlbums");
  const days = document.createElement("div");
  view.replaceChildren(back, h, days);
  if (!album) return;
  if (album.kind === "manual") {
    albumState.current = album.id;
    const del = document.createElement("button");
    del.type = "button";
    del.className = "button";
    del.id = "album-delete";
    del.textContent = t("deleteAlbum");
    del.onclick = async () => {
      if (!confirm(t("confirmDelete", title(album)))) return;
      const r = await api(`/api/albums/${encodeURIComponent(album.id)}`, { method: "DELETE" });
      if (r.ok) { await loadAlbums(); location.hash = "#/albums"; }
    };
    back.after(" ", del);
  }
  if (album.kind === "person") {
    albumState.person = album.id.replace(/^person-/, "");
    back.after(" ", personControls(album));
  }
  if (session.user && album.id && (album.photos || []).length) {
    h.after(shareButton("album-share", "shareAlbum", { kind: "album", album: album.id }));
  }
  const items = (album.photos || []).map((p) => (typeof p === "string" ? { id: p } : p));
  albumGrid = new Grid(days, { grouped: false });
  albumFeed = { kind: "album", items, ids: new Set(items.map((p) => p.id)), done: true };
  albumGrid.append(items);
}

let albumGrid = null;
let albumFeed = null;

/** personControls names a person (PUT /api/people/{id}) or merges another person into them, for a person album
 * (its id is "person-" + the person's id). Search then finds their photos by the name. */
function personControls(album) {
  const person = album.id.replace(/^person-/, "");
  const form = document.createElement("form");
  form.className = "person-form";
  const name = document.createElement("input");
  name.id = "person-name";
  name.placeholder = t("personNamePlaceholder");
  name.setAttribute("aria-label", t("personName"));
  name.value = /^(Person|인물) \d+$/.test(album.title?.en || "") ? "" : (album.title?.en || "");
  const save = document.createElement("button");
  save.className = "button";
  save.textContent = t("save");
  form.append(name, save);
  form.onsubmit = async (e) => {
    e.preventDefault();
    const r = await api(`/api/people/${encodeURIComponent(person)}`, {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: name.value.trim() }),
    });
    if (r.ok) { await loadAlbums(); showAlbums(album.id); }
  };
  const others = albums.filter((a) => a.kind === "person" && a.id !== album.id);
  if (others.length) {
    const pick = document.createElement("select");
    pick.id = "person-merge";
    pick.setAttribute("aria-label", t("samePerson"));
    pick.append(...others.map((a) => Object.assign(document.createElement("option"), { value: a.id.replace(/^person-/, ""), textContent: title(a) })));
    const merge = document.createElement("button");
    merge.type = "button";
    merge.className = "button";
    merge.textContent = t("merge");
    merge.onclick = async () => {
      const r = await api(`/api/people/${encodeURIComponent(person)}/merge`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ from: pick.value }),
      });
      if (r.ok) { await loadAlbums(); showAlbums(album.id); }
    };
    form.append(" ", t("samePerson"), " ", pick, merge);
  }
  return form;
}

// ---- screens ----

/** route shows the screen the address names; fromBox: the search box asked, so leave what the user types alone. */
function route(fromBox) {
  let hash = location.hash.slice(1) || "/";
  try { hash = decodeURIComponent(hash); } catch { /* a hand-typed address: take it as it is */ }
  const m = /^\/(search|albums|shares|account)(?:\/(.*))?$/.exec(hash);
  const screen = m ? m[1] : "timeline";
  const photos = screen === "timeline" || screen === "search";
  $("photos-view").hidden = !photos;
  $("albums-view").hidden = screen !== "albums";
  $("shares-view").hidden = screen !== "shares";
  $("account-view").hidden = screen !== "account";
  for (const [tab, on] of [["tab-photos", photos], ["tab-albums", screen === "albums"], ["tab-shares", screen === "shares"]]) {
    if (on) $(tab).setAttribute("aria-current", "page"); else $(tab).removeAttribute("aria-current");
  }
  if (!photos) $("years").hidden = true;
  if (screen === "albums") { showAlbums(m[2]); return; }
  if (screen === "shares") { showShares(api); return; }
  if (screen === "account") { showAccount(api); return; }
  const text = screen === "search" ? (m[2] || "").trim() : "";
  if (fromBox !== true) q.value = text;
  resetFeed(text ? "search" : "timeline", text);
  updateYears();
  loadMore().then(refill);
}
window.addEventListener("hashchange", route);
$("newer").onclick = () => { resetFeed("timeline", ""); loadMore().then(refill); };

// ---- the viewer opens from any grid ----

const viewer = new Viewer({
  api,
  track,
  feed: () => ($("albums-view").hidden ? feed : albumFeed),
  loadMore: () => ($("albums-view").hidden ? loadMore() : Promise.resolve()),
  focusTile: (id) => document.querySelector(`main a[data-id="${CSS.escape(id)}"]`)?.focus(),
  albums: () => ({ ...albumState, current: $("albums-view").hidden ? null : albumState.current,
    person: $("albums-view").hidden ? null : albumState.person }),
  albumsChanged,
  canShare: () => !!session.user,
  removedFromAlbum(id) {
    albumFeed.items = albumFeed.items.filter((p) => p.id !== id);
    albumFeed.ids.delete(id);
    albumGrid.remove(id);
  },
});

// Usage events (POST /api/events) let search learn what this user opens and looks for; a 404 turns them off.
let tracking = true;
function track(kind, fields) {
  if (!tracking) return;
  api("/api/events", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ kind, ...fields }) })
    .then((res) => { if (res.status === 404 && !res.body?.error) tracking = false; });
}

// ---- selecting photos to share them together ----

const selection = new Set();
function selecting() { return document.body.classList.contains("selecting"); }
function showSelection() {
  const n = selection.size;
  $("selected-count").textContent = selecting() ? t("selected", n) : "";
  $("share-selected").hidden = !selecting() || !n;
  $("select").textContent = t(selecting() ? "selectDone" : "select");
}
$("select").onclick = () => {
  document.body.classList.toggle("selecting");
  if (!selecting()) {
    selection.clear();
    for (const a of document.querySelectorAll("a.tile.selected")) { a.classList.remove("selected"); a.removeAttribute("aria-pressed"); }
    $("selection-share").replaceChildren();
  }
  showSelection();
};
$("share-selected").onclick = () => {
  const box = $("selection-share");
  if (box.firstChild) { box.replaceChildren(); return; }
  box.append(shareForm({ kind: "photos", photos: [...selection] }, { api, close: () => box.replaceChildren() }));
};

document.querySelector("main").addEventListener("click", (e) => {
  const a = e.target.closest("a.tile");
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  if (selecting() && !$("photos-view").hidden) {
    const on = !selection.has(a.dataset.id);
    if (on) selection.add(a.dataset.id); else selection.delete(a.dataset.id);
    a.classList.toggle("selected", on);
    a.setAttribute("aria-pressed", String(on));
    showSelection();
    return;
  }
  if (feed.kind === "search" && $("albums-view").hidden) {
    const rank = feed.items.findIndex((p) => p.id === a.dataset.id) + 1;
    track("click", { photo_id: a.dataset.id, query: feed.query, rank });
  }
  viewer.open(a.dataset.id);
});

// Arrow keys move between tiles: left and right in reading order, up and down to the nearest tile of the row above
// or below (across day headers); Enter opens the viewer as a click does.
document.querySelector("main").addEventListener("keydown", (e) => {
  const a = e.target.closest?.("a.tile");
  if (!a || e.altKey || e.ctrlKey || e.metaKey || !["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(e.key)) return;
  const tiles = [...a.closest("#days, #albums-view").querySelectorAll("a.tile")];
  const i = tiles.indexOf(a);
  let to = null;
  if (e.key === "ArrowLeft") to = tiles[i - 1];
  else if (e.key === "ArrowRight") to = tiles[i + 1];
  else if (e.key === "Home") to = tiles[0];
  else if (e.key === "End") to = tiles[tiles.length - 1];
  else {
    const r = a.getBoundingClientRect(), down = e.key === "ArrowDown";
    const step = down ? 1 : -1;
    let rowTop = null;
    for (let j = i + step; j >= 0 && j < tiles.length; j += step) {
      const q = tiles[j].getBoundingClientRect();
      if (rowTop === null) { if (down ? q.top > r.top + 1 : q.top < r.top - 1) rowTop = q.top; else continue; }
      if (Math.abs(q.top - rowTop) > 1) break;
      if (!to || Math.abs(q.left - r.left) < Math.abs(to.getBoundingClientRect().left - r.left)) to = tiles[j];
    }
  }
  if (!to) return;
  e.preventDefault();
  to.focus();
  to.scrollIntoView({ block: "nearest" });
  if (e.key === "ArrowDown" || e.key === "End") refill();
});

// ---- uploads: new photos take their place in the timeline as they finish ----

const uploads = new Uploads({
  added(rec) {
    if (feed.kind !== "timeline" || feed.ids.has(rec.id)) return;
    const item = { id: rec.id, taken_at: rec.taken_at, file_name: rec.file_name };
    const i = feed.items.findIndex((p) => (p.taken_at || "") < (rec.taken_at || ""));
    if (i < 0 && !feed.done) return; // older than what is loaded: it comes with a later page
    if (i === 0 && feed.start > 0) return; // newer than this window of the timeline
    feed.ids.add(rec.id);
    feed.total++;
    feed.next++;
    if (i < 0) { feed.items.push(item); grid.append([item]); } else {
      grid.insert(item, feed.items[i].id);
      feed.items.splice(i, 0, item);
    }
    showCount();
    updateYears();
  },
});
uploads.bind();

// ---- language and theme ----

function relabel() {
  applyWords(document);
  grid.relabel();
  if (feed.kind === "search" || feed.total) showCount();
  $("years").dataset.years = "";
  updateYears();
  if (!$("albums-view").hidden) showAlbums(/^#\/albums\/(.+)$/.exec(location.hash)?.[1]);
  if (!$("shares-view").hidden) showShares(api);
  if (!$("account-view").hidden) showAccount(api);
  viewer.relabel();
  uploads.relabel();
  showSelection();
  showTheme();
}
$("lang").onclick = () => { setLang(lang === "ko" ? "en" : "ko"); relabel(); };

const themes = ["system", "light", "dark"];
function showTheme() {
  const th = document.documentElement.dataset.theme || "system";
  const b = $("theme");
  const key = { system: "themeSystem", light: "themeLight", dark: "themeDark" }[th];
  b.dataset.i18nLabel = key;
  b.setAttribute("aria-label", t(key));
  b.title = t(key);
  b.textContent = { system: "◐", light: "☀", dark: "☾" }[th];
}
$("theme").onclick = () => {
  const cur = document.documentElement.dataset.theme || "system";
  const th = themes[(themes.indexOf(cur) + 1) % themes.length];
  if (th === "system") delete document.documentElement.dataset.theme; else document.documentElement.dataset.theme = th;
  try { if (th === "system") localStorage.removeItem("sajin.theme"); else localStorage.setItem("sajin.theme", th); } catch { /* private mode */ }
  showTheme();
};

// The sticky day headers sit under the header, whose height changes with the window's width.
new ResizeObserver(([e]) => {
  document.documentElement.style.setProperty("--head", `${Math.ceil(e.target.getBoundingClientRect().height)}px`);
}).observe($("top"));

// ---- who is logged in ----

let loginShown = false;
hooks.loggedOut = () => {
  if (loginShown) return;
  loginShown = true;
  viewer.close();
  showLogin(api, () => { setLang(lang === "ko" ? "en" : "ko"); relabel(); }, () => { loginShown = false; start(); });
};

$("logout").onclick = async () => {
  await api("/api/logout", { method: "POST" });
  // The plain address: whoever logs in next starts at the timeline, not on the page the last user left open.
  location.replace(location.pathname);
};

/** start asks who is logged in (GET /api/session): the login form for nobody, else the app. A server without
 * accounts (404) is served as it is. */
async function start() {
  const me = await api("/api/session");
  if (me.status === 401) return;
  if (me.ok && me.body?.user) {
    Object.assign(session, { user: me.body.user, csrf: me.body.csrf || "", public: !!me.body.public });
    $("tab-shares").hidden = false;
    $("select").hidden = false;
    $("account-link").hidden = session.public;
    $("account-link").textContent = session.user.name;
    $("logout").hidden = session.public;
  }
  route();
  // An address with ?photo=<id> opens that photo over the timeline; closing it goes back to the plain address.
  const linked = new URLSearchParams(location.search).get("photo");
  if (linked) {
    const u = new URL(location.href);
    u.searchParams.delete("photo");
    history.replaceState(null, "", u.href);
    viewer.open(linked);
  }
  loadAlbums();
  loadYearIndex().then(updateYears);
}

applyWords(document);
showTheme();
start();
