import type { RequestDocument } from './request-document';

/** The UTF-8 bytes of a string as base64 (btoa alone only takes Latin-1). */
function utf8Base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The request's auth as the metadata it becomes (after variables are resolved). */
export function authMetadata(request: Pick<RequestDocument, 'auth'>): { key: string; value: string }[] {
  const { auth } = request;
  switch (auth.kind) {
    case 'none':
      return [];
    case 'bearer':
      return [{ key: 'authorization', value: `Bearer ${auth.token}` }];
    case 'basic':
      return [{ key: 'authorization', value: `Basic ${utf8Base64(`${auth.username}:${auth.password}`)}` }];
    case 'api_key':
      return [{ key: auth.header.trim().toLowerCase(), value: auth.key }];
  }
}
