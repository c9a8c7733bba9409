// This page's id: random, made once per load of the page, so a reload is a new page. The
// engine uses it to tell pages apart: whose workspace save is stale (workspace:save), and which
// calls belong to a page that is gone (the browser shell gives it to the web host with every
// WebSocket it opens: a reconnect of this page keeps its calls, a closed or reloaded tab's end).
export const PAGE_ID = randomPageId();

function randomPageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
