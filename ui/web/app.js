// Sajin's first web page: upload (button or drag and drop, with progress), a grid of thumbnails, and search.
// The web app issue replaces it; it stays plain JavaScript with no build step.
"use strict";

const ko = (navigator.language || "").toLowerCase().startsWith("ko");
const text = {
  upload: ["Upload", "올리기"],
  more: ["More", "더 보기"],
  drop: ["Drop photos to upload", "여기에 사진을 놓으세요"],
  searchPlaceholder: ["Search: 2015, 2015년 8월, canon, IMG_1234", "검색: 2015, 2015년 8월, canon, IMG_1234"],
  photos: ["photos", "장"],
  empty: ["No photos yet: drop some here, or run `sajin import`.", "아직 사진이 없습니다. 여기에 끌어 놓거나 `sajin import`를 실행하세요."],
  none: ["Nothing found. Try a year (2019), a month (2015년 8월) or a camera (canon).", "찾은 사진이 없습니다. 연도(2019), 월(2015년 8월), 카메라(canon)로 찾아 보세요."],
  imported: ["added", "추가됨"], duplicate: ["already in the library", "이미 있음"], rejected: ["rejected", "거부됨"],
};
const t = (k) => (text[k] || [k, k])[ko ? 1 : 0];

document.documentElement.lang = ko ? "ko" : "en";
for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);

const grid = document.getElementById("grid");
const status = document.getElementById("status");
const more = document.getElementById("more");
const q = document.getElementById("q");
let page = 1, query = "";

function tile(id, title) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = `/api/photos/${id}/thumb/fit2048`;
  a.target = "_blank";
  const img = document.createElement("img");
  img.src = `/api/photos/${id}/thumb/tile`;
  img.loading = "lazy";
  img.alt = title || id;
  img.width = img.height = 256;
  a.append(img);
  li.append(a);
  li.dataset.id = id;
  return li;
}

async function load(reset) {
  if (reset) { page = 1; grid.replaceChildren(); }
  const url = query
    ? `/api/search?q=${encodeURIComponent(query)}&page=${page}&limit=60`
    : `/api/photos?page=${page}&limit=60`;
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) { status.textContent = body.error ? body.error.message : res.statusText; return; }
  const items = query ? body.results : body.photos;
  for (const p of items) grid.append(tile(p.id, p.file_name));
  status.textContent = body.total ? `${body.total} ${t("photos")}` : t(query ? "none" : "empty");
  more.hidden = grid.children.length >= body.total;
}

more.addEventListener("click", () => { page++; load(false); });

// Korean input: wait for the IME to finish composing before searching, so a search does not fire on every jamo.
let composing = false, timer;
q.addEventListener("compositionstart", () => { composing = true; });
q.addEventListener("compositionend", () => { composing = false; schedule(); });
q.addEventListener("input", () => { if (!composing) schedule(); });
document.getElementById("search").addEventListener("submit", (e) => { e.preventDefault(); query = q.value.trim(); load(true); });
function schedule() { clearTimeout(timer); timer = setTimeout(() => { query = q.value.trim(); load(true); }, 250); }

// Uploads: several at a time, each with its own progress bar, and a total.
const uploads = document.getElementById("uploads");
const list = document.getElementById("upload-list");
const total = document.getElementById("total");
let queued = 0, finished = 0;

function uploadFile(file) {
  return new Promise((resolve) => {
    const li = document.createElement("li");
    const bar = document.createElement("progress");
    bar.max = 1; bar.value = 0;
    const label = document.createElement("span");
    label.textContent = file.name;
    li.append(bar, label);
    list.prepend(li);
    const form = new FormData();
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/photos?mtime=${file.lastModified || ""}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total; };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      if (xhr.status === 201 || xhr.status === 200) {
        bar.value = 1;
        label.textContent = `${file.name}: ${t(xhr.status === 201 ? "imported" : "duplicate")}`;
        if (xhr.status === 201 && !query) grid.prepend(tile(body.id, file.name));
      } else {
        li.className = "rejected";
        label.textContent = `${file.name}: ${t("rejected")}: ${body.error ? body.error.message : xhr.statusText}`;
      }
      resolve();
    };
    xhr.onerror = () => { li.className = "rejected"; label.textContent = `${file.name}: network error`; resolve(); };
    xhr.send(form);
  }).then(() => { finished++; total.value = finished / queued; });
}

async function uploadAll(files) {
  files = [...files].filter((f) => f.size > 0);
  if (!files.length) return;
  uploads.hidden = false;
  queued += files.length;
  total.value = finished / queued;
  const next = () => files.length ? uploadFile(files.shift()).then(next) : null;
  await Promise.all([next(), next(), next()]);
  load(true);
}

document.getElementById("files").addEventListener("change", (e) => uploadAll(e.target.files));
const drop = document.getElementById("drop");
let depth = 0;
window.addEventListener("dragenter", (e) => { e.preventDefault(); depth++; drop.hidden = false; });
window.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; drop.hidden = true; } });
window.addEventListener("dragover", (e) => e.preventDefault());
window.addEventListener("drop", (e) => { e.preventDefault(); depth = 0; drop.hidden = true; uploadAll(e.dataTransfer.files); });

load(true);
