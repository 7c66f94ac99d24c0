// The viewer: one photo over the whole window, prev/next by keyboard, buttons and swipe, and an info panel with the
// photo's date, camera, place and labels. Hovering or focusing a label draws the box it came from over the photo.
import { t, lang, formatTaken, formatBytes, formatGPS } from "./i18n.js";
import { shareForm } from "./share-form.js";

const $ = (id) => document.getElementById(id);
const el = (tag, props, ...kids) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids.filter((k) => k != null));
  return e;
};

export class Viewer {
  /**
   * deps: api(url, init), feed() -> {items, done}, loadMore() -> Promise, focusTile(id), track(kind, fields),
   * albums() -> {on, manual: [album], favourites: Set of ids, current: the manual album shown or null},
   * albumsChanged() -> Promise, removedFromAlbum(id).
   */
  constructor(deps) {
    this.deps = deps;
    this.root = $("viewer");
    this.img = $("photo");
    this.id = null;
    this.rec = null;
    this.pushed = false;
    this.poll = 0;
    $("close").onclick = () => this.close();
    $("fav").onclick = () => this.toggleFavourite();
    $("share").onclick = () => this.toggleShare();
    $("prev").onclick = () => this.step(-1);
    $("next").onclick = () => this.step(1);
    $("info-toggle").onclick = () => {
      const open = this.root.classList.toggle("no-info");
      $("info-toggle").setAttribute("aria-expanded", String(!open));
      this.placeBoxes();
    };
    document.addEventListener("keydown", (e) => this.key(e));
    window.addEventListener("popstate", () => { if (this.isOpen()) { this.pushed = false; this.close(); } });
    window.addEventListener("resize", () => this.placeBoxes());
    this.img.addEventListener("load", () => this.placeBoxes());
    this.swipe();
  }

  isOpen() { return !this.root.hidden; }

  open(id) {
    if (!this.isOpen()) {
      this.root.hidden = false;
      for (const s of ["top", "content", "uploads"]) $(s).inert = true;
      document.body.classList.add("viewing");
      history.pushState({ viewer: id }, "", photoURL(id));
      this.pushed = true;
    }
    this.show(id);
    // Focus the dialog, not its close button: the Enter that opened it from a tile would otherwise press the
    // button (links act on keydown, buttons on the keypress that follows).
    this.root.focus();
  }

  close() {
    if (!this.isOpen()) return;
    clearTimeout(this.poll);
    $("share-panel").hidden = true;
    this.root.hidden = true;
    for (const s of ["top", "content", "uploads"]) $(s).inert = false;
    document.body.classList.remove("viewing");
    this.img.removeAttribute("src");
    const id = this.id;
    this.id = this.rec = null;
    if (this.pushed) { this.pushed = false; history.back(); }
    this.deps.focusTile(id);
  }

  index() { return this.deps.feed().items.findIndex((p) => p.id === this.id); }

  async step(d) {
    const feed = this.deps.feed();
    let i = this.index() + d;
    if (i >= feed.items.length && !feed.done) { await this.deps.loadMore(); i = this.index() + d; }
    const items = this.deps.feed().items;
    if (i >= 0 && i < items.length) this.show(items[i].id);
  }

  key(e) {
    if (!this.isOpen()) return;
    const typing = e.target.closest && e.target.closest("input, textarea");
    if (e.key === "Escape") { e.preventDefault(); if (typing && e.target.value) e.target.value = ""; else this.close(); return; }
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "ArrowLeft") { e.preventDefault(); this.step(-1); }
    if (e.key === "ArrowRight") { e.preventDefault(); this.step(1); }
    if (e.key === "i") $("info-toggle").click();
  }

  swipe() {
    let x0 = null, y0 = 0;
    const stage = this.root.querySelector(".stage");
    stage.addEventListener("touchstart", (e) => { if (e.touches.length === 1) { x0 = e.touches[0].clientX; y0 = e.touches[0].clientY; } }, { passive: true });
    stage.addEventListener("touchend", (e) => {
      if (x0 == null) return;
      const dx = e.changedTouches[0].clientX - x0, dy = e.changedTouches[0].clientY - y0;
      x0 = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) this.step(dx < 0 ? 1 : -1);
      else if (dy > 120 && Math.abs(dy) > 2 * Math.abs(dx)) this.close();
    });
  }

  /** show loads one photo: a small size at once, the large one when it has arrived. */
  async show(id) {
    clearTimeout(this.poll);
    this.id = id;
    $("share-panel").hidden = true;
    $("share").hidden = !this.deps.canShare?.();
    this.deps.track("open", { photo_id: id });
    if (this.pushed) history.replaceState({ viewer: id }, "", photoURL(id));
    const base = `/api/photos/${encodeURIComponent(id)}`;
    const big = Math.max(innerWidth, innerHeight) * (devicePixelRatio || 1) > 900 ? "fit2048" : "fit720";
    this.img.src = `${base}/thumb/fit720`;
    if (big !== "fit720") {
      const pre = new Image();
      pre.onload = () => { if (this.id === id) this.img.src = pre.src; };
      pre.src = `${base}/thumb/${big}`;
    }
    $("download").href = `${base}/original`;
    const i = this.index(), items = this.deps.feed().items;
    $("prev").disabled = i <= 0;
    $("next").disabled = i < 0 || (i >= items.length - 1 && this.deps.feed().done);
    for (const n of [items[i - 1], items[i + 1]]) if (n) new Image().src = `/api/photos/${encodeURIComponent(n.id)}/thumb/fit720`;
    this.rec = null;
    this.drawBoxes([]);
    // The panel still shows the last photo until this one's record arrives: dim it and take it out of reach, so
    // nothing in it can act on the wrong photo.
    $("info").inert = true;
    $("info").classList.add("stale");
    await this.fetch(id);
  }

  async fetch(id) {
    const res = await this.deps.api(`/api/photos/${encodeURIComponent(id)}`);
    if (this.id !== id) return;
    if (!res.ok) {
      $("info").replaceChildren(el("p", { className: "error", textContent: res.status === 404 ? t("notFound") : t("failed") }));
      $("info").inert = false;
      $("info").classList.remove("stale");
      return;
    }
    this.rec = res.body;
    this.render();
    // Vision and indexing run after the upload answers: look again until they are done.
    if (Object.values(this.rec.stages || {}).some((s) => s === "todo")) this.poll = setTimeout(() => this.fetch(id), 2000);
  }

  relabel() { if (this.rec) this.render(); }

  render() {
    const r = this.rec;
    this.img.alt = r.file_name || "";
    const rows = [];
    const row = (key, ...value) => rows.push(el("dt", { textContent: t(key) }), el("dd", {}, ...value));
    const src = r.taken_at_source ? el("span", { className: "muted", textContent: ` · ${t("src_" + r.taken_at_source)}` }) : null;
    row("taken", formatTaken(r.taken_at), src);
    const camera = [r.make, r.model].filter(Boolean).join(" ");
    if (camera) row("camera", camera);
    if (r.lens) row("lens", r.lens);
    const x = exposure(r.exposure);
    if (x) row("exposure", x);
    // The place is named offline from the GPS position: {"city","region","country","ko":{...}}.
    const place = r.place && (lang === "ko"
      ? [r.place.ko?.city || r.place.city, r.place.ko?.country || r.place.country]
      : [r.place.city, r.place.country]).filter(Boolean).join(", ");
    if (place || r.gps) row("place", [place, r.gps && formatGPS(r.gps)].filter(Boolean).join(" · "));
    row("file", r.file_name || r.id);
    row("size", `${r.width} × ${r.height} · ${formatBytes(r.bytes || 0)}`);
    const parts = [el("h2", { className: "file-name", id: "photo-title", textContent: r.file_name || r.id }), el("dl", {}, ...rows)];
    if (Object.values(r.stages || {}).some((s) => s === "todo")) parts.push(el("p", { className: "muted working", textContent: t("working") }));
    parts.push(this.labels(r));
    const albums = this.deps.albums();
    $("fav").hidden = !albums.on;
    const fav = albums.favourites.has(r.id);
    $("fav").setAttribute("aria-pressed", String(fav));
    $("fav").textContent = fav ? "♥" : "♡";
    if (albums.on) parts.push(this.albumForm(r, albums));
    if (r.faces && r.faces.length) {
      const f = el("p", { className: "faces", tabIndex: 0, textContent: t("faces", r.faces.length) });
      this.hover(f, r.faces.map((x) => x.box));
      parts.push(f);
    }
    if (r.text && r.text.length) {
      parts.push(el("h3", { textContent: t("textInPhoto") }), el("ul", { className: "ocr" }, ...r.text.map((l) => el("li", { textContent: l }))));
    }
    $("info").replaceChildren(...parts);
    $("info").dataset.id = r.id;
    $("info").inert = false;
    $("info").classList.remove("stale");
  }

  labels(r) {
    const section = el("section", { className: "labels" }, el("h3", { textContent: t("labels") }));
    const ul = el("ul");
    const labels = [...(r.labels || [])].sort((a, b) => (b.score || 0) - (a.score || 0));
    for (const l of labels) {
      const name = (lang === "ko" ? l.ko : l.en) || l.key;
      const other = (lang === "ko" ? l.en : l.ko) || "";
      const source = l.source === "user" ? t("byUser") : l.source;
      const li = el("li", { tabIndex: 0, className: l.box ? "has-box" : "" },
        el("span", { className: "label-name", textContent: name, title: other }),
        el("meter", { min: 0, max: 1, value: l.score || 0, title: `${Math.round((l.score || 0) * 100)}%` }),
        el("span", { className: "muted", textContent: `${Math.round((l.score || 0) * 100)}% · ${source}` }),
        el("button", {
          type: "button", className: "remove", textContent: "×", title: t("removeLabel", name),
          ariaLabel: t("removeLabel", name), onclick: () => this.change("DELETE", `labels/${encodeURIComponent(l.key)}`),
        }));
      li.dataset.key = l.key;
      this.hover(li, l.boxes && l.boxes.length ? l.boxes : l.box ? [l.box] : []);
      ul.append(li);
    }
    if (!labels.length) section.append(el("p", { className: "muted", textContent: t("noLabels") }));
    const input = el("input", { type: "text", name: "label", required: true, placeholder: t("addLabelPlaceholder"), ariaLabel: t("addLabel"), autocomplete: "off" });
    const form = el("form", { className: "add-label" }, input, el("button", { type: "submit", className: "button", textContent: t("add") }));
    input.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.isComposing) e.preventDefault(); });
    form.onsubmit = (e) => {
      e.preventDefault();
      const word = input.value.trim();
      if (word) this.change("POST", "labels", { label: word });
    };
    section.append(ul, form, el("p", { className: "error", id: "label-error", role: "alert" }));
    return section;
  }

  /** albumForm adds the photo to an album named by the user, new or existing, or takes it out of the one shown. */
  albumForm(r, albums) {
    const section = el("section", { className: "in-albums" }, el("h3", { textContent: t("inAlbums") }));
    if (albums.current) {
      section.append(el("button", { type: "button", className: "button", id: "album-remove", textContent: t("removeFromAlbum"),
        onclick: () => this.removeFromAlbum(albums.current) }));
    }
    if (albums.person) {
      section.append(el("button", { type: "button", className: "button", id: "person-split", textContent: t("notThisPerson"),
        onclick: () => this.notThisPerson(albums.person) }));
    }
    const names = el("datalist", { id: "album-names" }, ...albums.manual.map((a) => el("option", { value: a.title?.[lang] || a.title?.en || a.id })));
    const input = el("input", { type: "text", name: "album", required: true, placeholder: t("albumPlaceholder"), ariaLabel: t("addToAlbum"), autocomplete: "off" });
    input.setAttribute("list", "album-names");
    input.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.isComposing) e.preventDefault(); });
    const form = el("form", { className: "add-album" }, input, names, el("button", { type: "submit", className: "button", textContent: t("add") }));
    form.onsubmit = (e) => { e.preventDefault(); if (input.value.trim()) this.addToAlbum(input.value.trim()); };
    section.append(form, el("p", { className: "muted", id: "album-status", role: "status" }));
    return section;
  }

  async addToAlbum(name) {
    const id = this.id;
    const found = this.deps.albums().manual.find((a) => [a.title?.en, a.title?.ko].includes(name));
    const res = found
      ? await this.deps.api(`/api/albums/${encodeURIComponent(found.id)}/photos`, jsonBody("POST", { photos: [id] }))
      : await this.deps.api("/api/albums", jsonBody("POST", { title: name, photos: [id] }));
    if (this.id !== id) return;
    if (!res.ok) { $("album-status").textContent = `${t("failed")}: ${res.body?.error?.message || res.status}`; return; }
    this.deps.track("album_add", { photo_id: id, key: found ? found.id : res.body?.id || "" });
    await this.deps.albumsChanged();
    if (this.id !== id) return;
    this.render();
    $("album-status").textContent = t("addedToAlbum", name);
  }

  /** notThisPerson moves this photo's face of the person shown to a new person (a split of the cluster). */
  async notThisPerson(person) {
    const id = this.id;
    const res = await this.deps.api(`/api/people/${encodeURIComponent(person)}/split`, jsonBody("POST", { photos: [id] }));
    if (!res.ok) { $("album-status").textContent = `${t("failed")}: ${res.body?.error?.message || res.status}`; return; }
    const items = this.deps.feed().items, i = this.index();
    const next = items[i + 1] || items[i - 1];
    this.deps.removedFromAlbum(id);
    await this.deps.albumsChanged();
    if (next) this.show(next.id); else this.close();
  }

  async removeFromAlbum(album) {
    const id = this.id;
    const res = await this.deps.api(`/api/albums/${encodeURIComponent(album)}/photos/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (!res.ok) { $("album-status").textContent = `${t("failed")}: ${res.body?.error?.message || res.status}`; return; }
    const items = this.deps.feed().items, i = this.index();
    const next = items[i + 1] || items[i - 1];
    this.deps.removedFromAlbum(id);
    await this.deps.albumsChanged();
    if (next) this.show(next.id); else this.close();
  }

  async toggleFavourite() {
    const id = this.id, on = !this.deps.albums().favourites.has(id);
    const res = await this.deps.api(`/api/photos/${encodeURIComponent(id)}/favourite`, { method: on ? "PUT" : "DELETE" });
    if (!res.ok) return;
    if (on) this.deps.track("favourite", { photo_id: id });
    await this.deps.albumsChanged();
    if (this.id === id && this.rec) this.render();
  }

  /** toggleShare opens the form that shares this photo as a link (and copies the link once made). */
  toggleShare() {
    const panel = $("share-panel");
    if (!panel.hidden) { panel.hidden = true; return; }
    const id = this.id;
    panel.replaceChildren(shareForm({ kind: "photo", photos: [id] }, {
      api: this.deps.api,
      made: () => this.deps.track("share", { photo_id: id }),
      close: () => { panel.hidden = true; $("share").focus(); },
    }));
    panel.hidden = false;
    panel.querySelector("select")?.focus();
  }

  /** change adds or removes a label and shows the record the server answers with. */
  async change(method, path, body) {
    const id = this.id;
    const res = await this.deps.api(`/api/photos/${encodeURIComponent(id)}/${path}`, {
      method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    if (this.id !== id) return;
    if (!res.ok) { $("label-error").textContent = `${t("failed")}: ${res.body?.error?.message || res.status}`; return; }
    this.rec = res.body;
    this.deps.track("label", { photo_id: id, key: body ? body.label : decodeURIComponent(path.split("/")[1]) });
    this.drawBoxes([]);
    const focusAdd = method === "POST";
    this.render();
    if (focusAdd) this.root.querySelector(".add-label input").focus();
  }

  hover(node, boxes) {
    if (!boxes.length) return;
    const on = () => this.drawBoxes(boxes), off = () => this.drawBoxes([]);
    node.addEventListener("mouseenter", on);
    node.addEventListener("mouseleave", off);
    node.addEventListener("focusin", on);
    node.addEventListener("focusout", off);
  }

  drawBoxes(boxes) {
    const layer = $("boxes");
    layer.replaceChildren(...boxes.map(([x0, y0, x1, y1]) => {
      const b = el("div", { className: "box" });
      Object.assign(b.style, { left: `${x0 * 100}%`, top: `${y0 * 100}%`, width: `${(x1 - x0) * 100}%`, height: `${(y1 - y0) * 100}%` });
      return b;
    }));
    this.placeBoxes();
  }

  /** placeBoxes lays the box layer exactly over the photo as object-fit: contain shows it. */
  placeBoxes() {
    const img = this.img, layer = $("boxes");
    if (!img.naturalWidth || !this.isOpen()) return;
    const W = img.clientWidth, H = img.clientHeight;
    const s = Math.min(W / img.naturalWidth, H / img.naturalHeight);
    const w = img.naturalWidth * s, h = img.naturalHeight * s;
    Object.assign(layer.style, { left: `${img.offsetLeft + (W - w) / 2}px`, top: `${img.offsetTop + (H - h) / 2}px`, width: `${w}px`, height: `${h}px` });
  }
}

/** photoURL is the address of the page with photo id open: ?photo=<id>, so it can be reloaded or passed on. */
function photoURL(id) {
  const u = new URL(location.href);
  u.searchParams.set("photo", id);
  return u.href;
}

function jsonBody(method, body) {
  return { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

/** exposure writes "f/2.8 · 1/125 s · ISO 100 · 35 mm" from whatever the record has. */
function exposure(x) {
  if (!x || typeof x !== "object") return "";
  const out = [];
  if (x.f_number) out.push(`f/${+(+x.f_number).toFixed(1)}`);
  if (x.exposure_time) {
    const s = +x.exposure_time;
    out.push(typeof x.exposure_time === "string" && x.exposure_time.includes("/") ? `${x.exposure_time} s`
      : s >= 1 || !s ? `${s} s` : `1/${Math.round(1 / s)} s`);
  }
  if (x.iso) out.push(`ISO ${x.iso}`);
  if (x.focal_length) out.push(`${+(+x.focal_length).toFixed(1)} mm`);
  return out.join(" · ");
}
