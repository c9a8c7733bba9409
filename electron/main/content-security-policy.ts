// The Content-Security-Policy sent with every response of the app:// protocol.
// Monaco injects <style> elements at runtime, hence 'unsafe-inline' for styles only; its
// workers are same-origin files (blob: is allowed for workers Monaco may build from a URL).
// No 'unsafe-eval', no remote hosts: the renderer never talks to the network.
export const CSP_DIRECTIVES: ReadonlyArray<readonly [directive: string, sources: string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['worker-src', "'self' blob:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([directive, sources]) => `${directive} ${sources}`).join('; ');
}
