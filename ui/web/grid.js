// The photo grid: square tiles of fixed size (no layout shift while thumbnails load), grouped by the day the photos
// were taken under sticky date headers, or flat (albums).
import { dayKey, formatDay, formatWhy } from "./i18n.js";

/** tile makes one grid cell; its link opens the full photo in a new tab when the script is not in charge. */
export function tile(item) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.className = "tile";
  a.href = `/api/photos/${encodeURIComponent(item.id)}/thumb/fit2048`;
  a.dataset.id = item.id;
  const img = document.createElement("img");
  img.src = `/api/photos/${encodeURIComponent(item.id)}/thumb/tile`;
  img.loading = "lazy";
  img.decoding = "async";
  img.width = img.height = 256;
  img.alt = item.file_name || "";
  a.append(img);
  if (item.why && item.why.length) {
    const why = document.createElement("span");
    why.className = "why";
    why.dataset.why = JSON.stringify(item.why);
    why.textContent = item.why.map(formatWhy).join(" · ");
    a.append(why);
    a.title = why.textContent;
  }
  li.append(a);
  return li;
}

/** Grid renders a list of photos (newest first) into a container. */
export class Grid {
  constructor(container, { grouped }) {
    this.el = container;
    this.grouped = grouped;
    this.last = null; // the last day section
  }

  clear() { this.el.replaceChildren(); this.last = null; }

  section(key) {
    const sec = document.createElement("section");
    sec.className = "day";
    sec.dataset.day = key;
    if (this.grouped) {
      const h = document.createElement("h2");
      h.className = "day-head";
      h.textContent = formatDay(key);
      sec.append(h);
    }
    const ul = document.createElement("ul");
    ul.className = "grid";
    sec.append(ul);
    return sec;
  }

  /** append adds items that come after everything shown. */
  append(items) {
    for (const item of items) {
      const key = this.grouped ? dayKey(item.taken_at) : "all";
      if (!this.last || this.last.dataset.day !== key) {
        this.last = this.section(key);
        this.el.append(this.last);
      }
      this.last.lastChild.append(tile(item));
    }
  }

  /** insert puts one item before the item with id beforeID (or at the end), in the right day. */
  insert(item, beforeID) {
    const key = this.grouped ? dayKey(item.taken_at) : "all";
    const before = beforeID && this.el.querySelector(`a[data-id="${CSS.escape(beforeID)}"]`);
    const li = tile(item);
    if (before) {
      const sec = before.closest("section");
      const first = !before.parentNode.previousSibling;
      if (sec.dataset.day === key || !first) { sec.lastChild.insertBefore(li, before.parentNode); return; }
      const prev = sec.previousElementSibling;
      if (prev && prev.dataset.day === key) { prev.lastChild.append(li); return; }
      const fresh = this.section(key);
      fresh.lastChild.append(li);
      sec.before(fresh);
      return;
    }
    this.append([item]);
  }

  remove(id) {
    const a = this.el.querySelector(`a[data-id="${CSS.escape(id)}"]`);
    if (!a) return;
    const sec = a.closest("section");
    a.parentNode.remove();
    if (!sec.lastChild.children.length) {
      if (this.last === sec) this.last = sec.previousElementSibling;
      sec.remove();
    }
  }

  /** relabel rewrites the date headers and reasons in the current language. */
  relabel() {
    for (const h of this.el.querySelectorAll(".day-head")) h.textContent = formatDay(h.parentNode.dataset.day);
    for (const w of this.el.querySelectorAll(".why")) {
      w.textContent = JSON.parse(w.dataset.why).map(formatWhy).join(" · ");
      w.parentNode.title = w.textContent;
    }
  }

  /** years lists the years shown, newest first, with the first section of each. */
  years() {
    const out = new Map();
    for (const sec of this.el.children) {
      const y = sec.dataset.day.slice(0, 4);
      if (/^\d{4}$/.test(y) && !out.has(y)) out.set(y, sec);
    }
    return out;
  }

  focus(id) {
    const a = this.el.querySelector(`a[data-id="${CSS.escape(id)}"]`);
    if (a) { a.focus({ preventScroll: true }); a.scrollIntoView({ block: "nearest" }); }
  }
}

