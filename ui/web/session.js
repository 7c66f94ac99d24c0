// Who is logged in, and the CSRF token every request that changes something must carry (X-Sajin-CSRF). The token
// comes from GET /api/session, or from the sajin_csrf cookie the server sets at login.

/** session is {user: {name, admin, quota_bytes, used_bytes}, csrf, public} once known; user null before. */
export const session = { user: null, csrf: "", public: false };

/** csrfToken is the token to send: the session's, else the cookie's. */
export function csrfToken() {
  if (session.csrf) return session.csrf;
  const m = /(?:^|;\s*)sajin_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : "";
}

/** withCSRF adds the CSRF header to fetch options of a request that changes something. */
export function withCSRF(init = {}) {
  const method = (init.method || "GET").toUpperCase();
  if (method === "GET" || method === "HEAD") return init;
  return { ...init, headers: { ...(init.headers || {}), "X-Sajin-CSRF": csrfToken() } };
}

/** onLoggedOut is called when the server answers 401: the session ended (expired, logged out elsewhere). */
export const hooks = { loggedOut: () => {} };
