// Uploads: files and folders from the buttons or dropped anywhere on the page, two at a time, each with its own
// progress and outcome in words, and a total.
import { t } from "./i18n.js";
import { csrfToken } from "./session.js";

const $ = (id) => document.getElementById(id);
const IMAGE = /\.(jpe?g|png|gif|webp|bmp|tiff?|heic|heif|hif|avif|dng|cr2|cr3|nef|arw|raf|rw2|orf|pef|srw|jfif|jpe)$/i;
const PARALLEL = 2;

export class Uploads {
  /** added(record) is called for each photo that is new to the library. */
  constructor({ added }) {
    this.added = added;
    this.queue = [];
    this.jobs = []; // {file, li, bar, state, sent}
    this.running = 0;
  }

  bind() {
    for (const id of ["files", "folder"]) {
      $(id).addEventListener("change", (e) => { this.add([...e.target.files]); e.target.value = ""; });
    }
    $("uploads-hide").onclick = () => { $("uploads").hidden = true; };
    const drop = $("drop");
    let depth = 0;
    const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes("Files");
    window.addEventListener("dragenter", (e) => { if (!hasFiles(e)) return; e.preventDefault(); depth++; drop.hidden = false; });
    window.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; drop.hidden = true; } });
    window.addEventListener("dragover", (e) => { if (hasFiles(e)) e.preventDefault(); });
    window.addEventListener("drop", async (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      drop.hidden = true;
      const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
      if (!entries.length) { this.add([...e.dataTransfer.files]); return; }
      const files = [];
      for (const entry of entries) await walk(entry, files);
      this.add(files);
    });
  }

  add(files) {
    if (!files.length) return;
    $("uploads").hidden = false;
    for (const file of files) {
      const name = file.webkitRelativePath || file.name;
      const bar = Object.assign(document.createElement("progress"), { max: 1, value: 0 });
      const label = Object.assign(document.createElement("span"), { className: "name", textContent: name });
      const state = Object.assign(document.createElement("span"), { className: "state" });
      const li = document.createElement("li");
      li.append(bar, label, state);
      $("upload-list").append(li);
      const job = { file, li, bar, stateEl: state, state: "waiting", sent: 0 };
      this.jobs.push(job);
      if (!(file.type.startsWith("image/") || IMAGE.test(file.name)) || !file.size) this.finish(job, "skipped");
      else { this.set(job, "waiting"); this.queue.push(job); }
    }
    this.total();
    while (this.running < PARALLEL && this.queue.length) this.next();
  }

  next() {
    const job = this.queue.shift();
    if (!job) return;
    this.running++;
    this.send(job).then(() => { this.running--; this.next(); });
  }

  send(job) {
    return new Promise((resolve) => {
      const form = new FormData();
      form.append("file", job.file, job.file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/photos?mtime=${job.file.lastModified || ""}`);
      xhr.setRequestHeader("X-Sajin-CSRF", csrfToken());
      this.set(job, "sending");
      xhr.upload.onprogress = (e) => {
        if (!e.lengthComputable) return;
        job.sent = e.loaded / e.total;
        job.bar.value = job.sent;
        if (e.loaded >= e.total) this.set(job, "processing");
        this.total();
      };
      xhr.onload = () => {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
        const why = body?.error?.message || "";
        if (xhr.status === 429 && (job.tries || 0) < 20) {
          // Too many uploads at once: wait as long as the server asks, then send this file again.
          job.tries = (job.tries || 0) + 1;
          const wait = Math.min(Math.max(Number(xhr.getResponseHeader("Retry-After")) || 1, 1), 60);
          this.set(job, "waiting");
          setTimeout(() => this.send(job).then(resolve), wait * 1000);
          return;
        }
        if (xhr.status === 201) { this.finish(job, "added"); this.added(body); }
        else if (xhr.status === 200) this.finish(job, "duplicate");
        else if (xhr.status === 422 || xhr.status === 400) this.finish(job, "rejected", why);
        else if (xhr.status === 413) this.finish(job, "tooLarge");
        else if (xhr.status === 507) this.finish(job, "quota", why);
        else this.finish(job, "error", why || `HTTP ${xhr.status}`);
        resolve();
      };
      xhr.onerror = () => { this.finish(job, "network"); resolve(); };
      xhr.send(form);
    });
  }

  set(job, state, detail) {
    job.state = state;
    job.detail = detail || job.detail;
    job.li.className = state;
    job.stateEl.textContent = t("up_" + state) + (job.detail ? ` (${job.detail})` : "");
  }

  finish(job, state, detail) {
    job.sent = 1;
    job.bar.value = 1;
    this.set(job, state, detail);
    // Files that were not added go to the top of the list, where they are seen.
    if (!["added", "duplicate"].includes(state)) $("upload-list").prepend(job.li);
    this.total();
  }

  total() {
    const n = this.jobs.length;
    const count = (...s) => this.jobs.filter((j) => s.includes(j.state)).length;
    const done = count("added", "duplicate", "rejected", "tooLarge", "quota", "network", "error", "skipped");
    const bad = count("rejected", "tooLarge", "quota", "network", "error", "skipped");
    $("upload-bar").value = n ? this.jobs.reduce((s, j) => s + j.sent, 0) / n : 0;
    $("upload-total").textContent = t("uploadTotal", done, n, count("added"), count("duplicate"), bad);
  }

  relabel() {
    for (const j of this.jobs) this.set(j, j.state);
    if (this.jobs.length) this.total();
  }
}

/** walk collects the files under a dropped file or folder. */
async function walk(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((res) => entry.file(res, () => res(null)));
    if (file) {
      if (entry.fullPath) Object.defineProperty(file, "webkitRelativePath", { value: entry.fullPath.replace(/^\//, "") });
      out.push(file);
    }
    return;
  }
  if (!entry.isDirectory) return;
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((res) => reader.readEntries(res, () => res([])));
    if (!batch.length) break;
    for (const e of batch) await walk(e, out);
  }
}
