// The theme is set before the first paint so a dark page never flashes white. A classic script in the head, not a
// module, and not inline: the server's Content-Security-Policy allows no inline scripts.
try { const th = localStorage.getItem("sajin.theme"); if (th) document.documentElement.dataset.theme = th; } catch { /* private mode */ }
