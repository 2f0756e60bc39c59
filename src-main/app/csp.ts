/**
 * The renderer's Content-Security-Policy, shared by both hosts: scripts only from the page's own origin
 * (no inline, no eval, no remote); styles may be inline because xterm.js writes a <style> element for
 * its theme; connections only back to the origin (plus the browser host's ws:// origins); no framing,
 * no plugins, no forms, no <base>.
 */
export function contentSecurityPolicy(wsOrigins: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${wsOrigins.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
