import { status, type handleUnaryCall } from '@grpc/grpc-js';
import type { Empty } from './demo-messages';

/** The one token Whoami accepts; documented in demo.proto and in the app's demo targets. */
export const DEMO_BEARER_TOKEN = 'workbench-demo-token';
export const DEMO_TOKEN_SUBJECT = 'demo-user';

export interface WhoamiResponse { subject: string; scheme: string }

const HOW_TO = `Send the metadata "authorization: Bearer ${DEMO_BEARER_TOKEN}" (Auth: Bearer token, Token: ${DEMO_BEARER_TOKEN}).`;

/** Why an authorization header is refused, or null when it carries the demo token. */
export function bearerProblem(values: readonly (string | Buffer)[]): string | null {
  if (values.length === 0) return `Whoami needs a bearer token and this call sent no authorization header. ${HOW_TO}`;
  const value = String(values[0]);
  const match = /^(\S+)\s+(.*)$/.exec(value.trim());
  if (!match || match[1]!.toLowerCase() !== 'bearer') {
    return `Whoami takes a Bearer token; the authorization header used the "${match?.[1] ?? value}" scheme. ${HOW_TO}`;
  }
  if (match[2] !== DEMO_BEARER_TOKEN) return `The bearer token is not the demo's (it has ${match[2]!.length} characters). ${HOW_TO}`;
  return null;
}

/** Whoami: UNAUTHENTICATED without the demo's bearer token, who the token belongs to with it. */
export const whoami: handleUnaryCall<Empty, WhoamiResponse> = (call, callback) => {
  const problem = bearerProblem(call.metadata.get('authorization'));
  if (problem !== null) callback({ code: status.UNAUTHENTICATED, details: problem });
  else callback(null, { subject: DEMO_TOKEN_SUBJECT, scheme: 'Bearer' });
};
