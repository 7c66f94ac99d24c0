// The page of a share link (/s/<token>): the photos of the link and a viewer, nothing else of the owner's
// library. It asks /api/s/<token> for the photos; a link with a password asks for it first.
import { t, lang, setLang, applyWords, formatTaken, formatGPS } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const token = decodeURIComponent(location.pathname.split("/")[2] || "");
const base = `/api/s/${encodeURIComponent(token)}`;
let shared = null; // the answer of GET base
let index = -1; // the photo open in the viewer

async function load() {
  const res = await fetch(base, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  $("unlock").hidden = true;
  if (res.status === 401 && body?.error?.code === "password_required") {
    $("status").textContent = t("shareLocked");
    $("unlock").hidden = false;
    $("unlock-password").focus();
    return;
  }
  if (!res.ok) {
    $("status").textContent = res.status === 410 ? t("shareGone") : res.status === 404 ? t("shareMissing") : `${t("failed")}: ${res.status}`;
    $("status").className = "error";
    return;
  }
  shared = body;
  show();
}

function show() {
  if (!shared) return;
  $("share-title").textContent = shared.title || "";
  document.title = `${shared.title || "Sajin"} · Sajin 사진`;
  $("status").textContent = t("sharedCount", shared.count);
  $("shared-grid").replaceChildren(...shared.photos.map((p, i) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.className = "tile";
    a.href = p.thumbs.fit2048;
    a.dataset.id = p.id;
    const img = document.createElement("img");
    img.src = p.thumbs.tile;
    img.loading = "lazy";
    img.width = img.height = 256;
    img.alt = p.file_name || "";
    a.append(img);
    a.onclick = (e) => { e.preventDefault(); open(i); };
    li.append(a);
    return li;
  }));
}

$("unlock").onsubmit = async (e) => {
  e.preventDefault();
  const res = await fetch(`${base}/unlock`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ password: $("unlock-password").value }),
  });
  if (res.ok) { $("unlock-error").textContent = ""; load(); return; }
  $("unlock-password").value = "";
  $("unlock-error").textContent = res.status === 429 ? t("loginThrottled", "") : t("pwWrong");
};

function open(i) {
  const p = shared.photos[i];
  if (!p) return;
  index = i;
  $("viewer").hidden = false;
  for (const s of ["top", "content"]) $(s).inert = true;
  document.body.classList.add("viewing");
  $("photo").src = p.thumbs.fit720;
  const big = new Image();
  big.onload = () => { if (index === i) $("photo").src = big.src; };
  big.src = p.thumbs.fit2048;
  $("photo").alt = p.file_name || "";
  $("download").href = `${base}/photos/${encodeURIComponent(p.id)}/download`;
  $("download").textContent = shared.originals ? t("download") : t("downloadPhoto");
  $("prev").disabled = i <= 0;
  $("next").disabled = i >= shared.photos.length - 1;
  const rows = [];
  const row = (k, v) => { if (v) rows.push(Object.assign(document.createElement("dt"), { textContent: t(k) }), Object.assign(document.createElement("dd"), { textContent: v })); };
  row("taken", p.taken_at ? formatTaken(p.taken_at) : "");
  const place = p.place && (lang === "ko" ? [p.place.ko?.city || p.place.city, p.place.ko?.country || p.place.country] : [p.place.city, p.place.country]).filter(Boolean).join(", ");
  row("place", [place, p.gps && formatGPS(p.gps)].filter(Boolean).join(" · "));
  row("size", `${p.width} × ${p.height}`);
  const h = Object.assign(document.createElement("h2"), { className: "file-name", id: "photo-title", textContent: p.file_name || "" });
  const dl = document.createElement("dl");
  dl.append(...rows);
  $("info").replaceChildren(h, dl);
  $("info").dataset.id = p.id;
  $("viewer").focus();
}

function close() {
  $("viewer").hidden = true;
  for (const s of ["top", "content"]) $(s).inert = false;
  document.body.classList.remove("viewing");
  $("photo").removeAttribute("src");
  document.querySelector(`#shared-grid a[data-id="${CSS.escape(shared.photos[index]?.id || "")}"]`)?.focus();
}

$("close").onclick = close;
$("prev").onclick = () => open(index - 1);
$("next").onclick = () => open(index + 1);
document.addEventListener("keydown", (e) => {
  if ($("viewer").hidden) return;
  if (e.key === "Escape") close();
  if (e.key === "ArrowLeft") open(index - 1);
  if (e.key === "ArrowRight") open(index + 1);
});
$("lang").onclick = () => {
  setLang(lang === "ko" ? "en" : "ko");
  show();
  if (!$("viewer").hidden) open(index);
};

applyWords(document);
load();
