// The screens around the library: the login page, the account screen (password, API tokens, and for admins the
// users), and the list of share links with their view counts.
import { t, formatBytes } from "./i18n.js";
import { session } from "./session.js";
import { absoluteLink, copyText } from "./share-form.js";

const $ = (id) => document.getElementById(id);
const el = (tag, props, ...kids) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids.filter((k) => k != null));
  return e;
};
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const failed = (res) => `${t("failed")}: ${res.body?.error?.message || res.status}`;

/** showLogin hides the app and shows the login form; loggedIn() is called once the server accepted the login. */
export function showLogin(api, onLang, loggedIn) {
  document.body.classList.add("logged-out");
  $("login").hidden = false;
  $("login-lang").onclick = onLang;
  $("login-name").focus();
  $("login-form").onsubmit = async (e) => {
    e.preventDefault();
    const err = $("login-error");
    err.textContent = "";
    const res = await api("/api/login", json("POST", { name: $("login-name").value.trim(), password: $("login-password").value }));
    if (res.ok) {
      $("login-form").reset();
      $("login").hidden = true;
      document.body.classList.remove("logged-out");
      loggedIn(res.body);
      return;
    }
    $("login-password").value = "";
    $("login-password").focus();
    if (res.status === 429) err.textContent = t("loginThrottled", res.body?.error?.message || "");
    else if (res.status === 401) err.textContent = t("loginWrong");
    else err.textContent = failed(res);
  };
}

/** showAccount fills the account screen: password change, API tokens and, for admins, the users. */
export async function showAccount(api) {
  const view = $("account-view");
  const u = session.user;
  if (!u) { view.replaceChildren(); return; }
  const parts = [el("h2", { textContent: t("account") }),
    el("p", { className: "muted", id: "account-usage" }, `${u.name}${u.admin ? ` · ${t("admin")}` : ""} · ${t("used", formatBytes(u.used_bytes || 0), u.quota_bytes ? formatBytes(u.quota_bytes) : "")}`)];
  if (!session.public) parts.push(passwordForm(api), await tokens(api));
  if (u.admin && !session.public) parts.push(await users(api));
  view.replaceChildren(...parts);
}

function passwordForm(api) {
  const current = el("input", { id: "pw-current", type: "password", autocomplete: "current-password", required: true, ariaLabel: t("pwCurrent"), placeholder: t("pwCurrent") });
  const next = el("input", { id: "pw-new", type: "password", autocomplete: "new-password", required: true, minLength: 8, ariaLabel: t("pwNew"), placeholder: t("pwNew") });
  const status = el("p", { id: "pw-status", role: "status", className: "muted" });
  const form = el("form", { className: "stack-form", id: "password-form" }, el("h3", { textContent: t("pwChange") }), current, next,
    el("button", { type: "submit", className: "button", textContent: t("save") }), status);
  form.onsubmit = async (e) => {
    e.preventDefault();
    const res = await api("/api/password", json("PUT", { current: current.value, new: next.value }));
    status.textContent = res.ok ? t("pwChanged") : res.status === 401 ? t("pwWrong") : failed(res);
    status.className = res.ok ? "muted" : "error";
    if (res.ok) form.reset();
  };
  return form;
}

async function tokens(api) {
  const box = el("section", { id: "tokens" }, el("h3", { textContent: t("tokens") }), el("p", { className: "muted", textContent: t("tokensHint") }));
  const res = await api("/api/tokens");
  const ul = el("ul", { className: "plain-list" });
  for (const tok of res.body?.tokens || []) {
    ul.append(el("li", {}, `${tok.name} · ${tok.created_at.slice(0, 10)}${tok.last_used ? ` · ${t("lastUsed")} ${tok.last_used.slice(0, 10)}` : ""} `,
      el("button", { type: "button", className: "button", textContent: t("revoke"), onclick: async () => {
        const r = await api(`/api/tokens/${encodeURIComponent(tok.id)}`, { method: "DELETE" });
        if (r.ok) box.replaceWith(await tokens(api));
      } })));
  }
  const name = el("input", { placeholder: t("tokenName"), ariaLabel: t("tokenName"), required: true });
  const made = el("p", { role: "status" });
  const form = el("form", { className: "inline-form" }, name, el("button", { type: "submit", className: "button", textContent: t("tokenCreate") }));
  form.onsubmit = async (e) => {
    e.preventDefault();
    const r = await api("/api/tokens", json("POST", { name: name.value.trim() }));
    if (!r.ok) { made.textContent = failed(r); return; }
    const next = await tokens(api);
    next.append(el("p", {}, t("tokenOnce"), " ", el("code", { textContent: r.body.token })));
    box.replaceWith(next);
  };
  box.append(ul, form, made);
  return box;
}

async function users(api) {
  const box = el("section", { id: "users" }, el("h3", { textContent: t("users") }));
  const res = await api("/api/users");
  const table = el("table", { className: "users" }, el("tr", {}, ...["userName", "role", "storage", "state", ""].map((k) => el("th", { textContent: k ? t(k) : "" }))));
  for (const u of res.body?.users || []) {
    const row = el("tr", {}, el("td", { textContent: u.name }), el("td", { textContent: u.admin ? t("admin") : t("user") }),
      el("td", { textContent: `${formatBytes(u.used_bytes || 0)}${u.quota_bytes ? ` / ${formatBytes(u.quota_bytes)}` : ""}` }),
      el("td", { textContent: u.disabled ? t("disabled") : t("active") }));
    const actions = el("td");
    if (u.name !== session.user.name) {
      actions.append(
        el("button", { type: "button", className: "button", textContent: u.disabled ? t("enable") : t("disable"), onclick: async () => {
          const r = await api(`/api/users/${encodeURIComponent(u.name)}`, json("PATCH", { disabled: !u.disabled }));
          if (r.ok) box.replaceWith(await users(api)); else alert(failed(r));
        } }), " ",
        el("button", { type: "button", className: "button", textContent: t("quota"), onclick: async () => {
          const gb = prompt(t("quotaPrompt"), u.quota_bytes ? String(u.quota_bytes / 1e9) : "0");
          if (gb === null || !(Number(gb) >= 0)) return;
          const r = await api(`/api/users/${encodeURIComponent(u.name)}`, json("PATCH", { quota_bytes: Math.round(Number(gb) * 1e9) }));
          if (r.ok) box.replaceWith(await users(api)); else alert(failed(r));
        } }), " ",
        el("button", { type: "button", className: "button", textContent: t("remove"), onclick: async () => {
          if (!confirm(t("confirmRemoveUser", u.name))) return;
          const r = await api(`/api/users/${encodeURIComponent(u.name)}`, { method: "DELETE" });
          if (r.ok) box.replaceWith(await users(api)); else alert(failed(r));
        } }));
    }
    row.append(actions);
    row.dataset.user = u.name;
    table.append(row);
  }
  const name = el("input", { id: "new-user-name", placeholder: t("userName"), ariaLabel: t("userName"), required: true, autocomplete: "off" });
  const pw = el("input", { id: "new-user-password", type: "password", placeholder: t("passwordOptional"), ariaLabel: t("password"), autocomplete: "new-password" });
  const admin = el("input", { type: "checkbox", id: "new-user-admin" });
  const status = el("p", { role: "status", id: "new-user-status" });
  const form = el("form", { className: "inline-form", id: "add-user" }, name, pw, el("label", {}, admin, " ", t("admin")),
    el("button", { type: "submit", className: "button", textContent: t("addUser") }));
  form.onsubmit = async (e) => {
    e.preventDefault();
    const r = await api("/api/users", json("POST", { name: name.value.trim(), password: pw.value, admin: admin.checked }));
    if (!r.ok) { status.textContent = failed(r); status.className = "error"; return; }
    const next = await users(api);
    if (r.body.password) next.append(el("p", { id: "new-user-made" }, t("userMade", r.body.user.name), " ", el("code", { textContent: r.body.password })));
    box.replaceWith(next);
  };
  box.append(table, form, status);
  return box;
}

/** showShares lists the user's links: what they show, until when, how often they were opened; copy or revoke. */
export async function showShares(api) {
  const view = $("shares-view");
  const res = await api("/api/shares");
  if (!res.ok) { view.replaceChildren(el("p", { className: "error", textContent: failed(res) })); return; }
  const list = res.body.shares || [];
  const ul = el("ul", { className: "links" });
  for (const s of list) {
    const url = absoluteLink(s.url);
    const state = s.revoked ? t("revoked") : !s.active ? t("expired") : s.expires_at ? t("until", s.expires_at.slice(0, 10)) : t("noExpiry");
    const flags = [s.has_password && t("withPassword"), s.originals && t("withOriginals"), s.location && t("withLocation")].filter(Boolean).join(" · ");
    const li = el("li", { className: s.active ? "" : "inactive" },
      el("strong", { textContent: s.title || s.id }), " ",
      el("span", { className: "muted", textContent: `${t("kindOfLink_" + s.kind)} · ${state} · ${t("views", s.views)}${flags ? " · " + flags : ""}` }));
    li.dataset.id = s.id;
    li.dataset.views = s.views;
    li.dataset.active = s.active;
    if (s.active) {
      const input = el("input", { readOnly: true, value: url, ariaLabel: t("shareLink") });
      li.append(el("div", { className: "share-link" }, input,
        el("button", { type: "button", className: "button", textContent: t("copy"), onclick: async (e) => { e.target.textContent = (await copyText(url, input)) ? t("copied") : t("copyByHand"); } }),
        el("button", { type: "button", className: "button revoke", textContent: t("stopSharing"), onclick: async () => {
          const r = await api(`/api/shares/${encodeURIComponent(s.id)}`, { method: "DELETE" });
          if (r.ok) showShares(api);
        } })));
    }
    ul.append(li);
  }
  view.replaceChildren(el("h2", { textContent: t("links") }), list.length ? ul : el("p", { className: "muted", textContent: t("noLinks") }));
}
