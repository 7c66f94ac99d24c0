// The form that makes a share link: how long it lasts, a password, whether visitors may download the originals
// and see where photos were taken. Once made, the link is copied and shown to copy again.
import { t } from "./i18n.js";

const el = (tag, props, ...kids) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids.filter((k) => k != null));
  return e;
};

/** absoluteLink turns the server's /s/<token> into an address to hand to others. */
export const absoluteLink = (path) => new URL(path, location.origin).href;

/** copyText copies text to the clipboard; false when the browser would not (then the text stays selected). */
export async function copyText(text, input) {
  try { await navigator.clipboard.writeText(text); return true; } catch { /* not allowed here: fall back */ }
  if (input) {
    input.focus();
    input.select();
    try { if (document.execCommand("copy")) return true; } catch { /* no fallback either */ }
  }
  return false;
}

/**
 * shareForm returns a form that shares target ({kind: "photo"|"photos"|"album"|"search", photos, album, query,
 * title}) through api(url, init); made(link) is called with the new link.
 */
export function shareForm(target, { api, made, close }) {
  const expiry = el("select", { id: "share-expiry", ariaLabel: t("shareExpires") },
    ...[["0", "shareNever"], ["1", "shareDay"], ["7", "shareWeek"], ["30", "shareMonth"]].map(([v, k]) => el("option", { value: v, textContent: t(k) })));
  const password = el("input", { id: "share-password", type: "password", autocomplete: "new-password", placeholder: t("sharePasswordOptional"), ariaLabel: t("sharePassword") });
  const originals = el("input", { id: "share-originals", type: "checkbox" });
  const location_ = el("input", { id: "share-location", type: "checkbox" });
  const status = el("p", { className: "muted", id: "share-status", role: "status" });
  const form = el("form", { className: "share-form" },
    el("h3", { textContent: t("shareTitle") }),
    el("label", {}, t("shareExpires"), " ", expiry),
    password,
    el("label", {}, originals, " ", t("shareOriginals")),
    el("label", {}, location_, " ", t("shareLocation")),
    el("div", { className: "share-buttons" },
      el("button", { type: "submit", className: "button primary", id: "share-create", textContent: t("shareCreate") }),
      close ? el("button", { type: "button", className: "button", textContent: t("close"), onclick: close }) : null),
    status);
  form.onsubmit = async (e) => {
    e.preventDefault();
    const body = { ...target, originals: originals.checked, location: location_.checked };
    if (+expiry.value) body.expires_in_days = +expiry.value;
    if (password.value) body.password = password.value;
    const res = await api("/api/shares", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) { status.textContent = `${t("failed")}: ${res.body?.error?.message || res.status}`; status.className = "error"; return; }
    const url = absoluteLink(res.body.url);
    const link = el("input", { id: "share-link", readOnly: true, value: url, ariaLabel: t("shareLink") });
    const copy = el("button", { type: "button", className: "button", id: "share-copy", textContent: t("copy") });
    const said = el("p", { className: "muted", id: "share-copied", role: "status" });
    copy.onclick = async () => { said.textContent = (await copyText(url, link)) ? t("copied") : t("copyByHand"); };
    form.replaceChildren(el("h3", { textContent: t("shareMade") }), el("div", { className: "share-link" }, link, copy), said,
      close ? el("button", { type: "button", className: "button", textContent: t("close"), onclick: close }) : "");
    said.textContent = (await copyText(url, link)) ? t("copied") : t("copyByHand");
    made?.(res.body);
  };
  return form;
}
