// Headers on every response of the web host. The CSP allows only our own scripts and our own
// WebSocket; 'unsafe-inline' styles are needed because Monaco injects <style> elements, and
// blob: workers because Monaco may start its workers from blobs.
import type { OriginPolicy } from './origin-policy';

export function contentSecurityPolicy(policy: Pick<OriginPolicy, 'hosts'>): string {
  const sockets = policy.hosts.map((host) => `ws://${host}`).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(policy: Pick<OriginPolicy, 'hosts'>): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(policy),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
