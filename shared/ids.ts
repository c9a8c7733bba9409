// Branded ids: a CallId cannot be passed where a ProtoSetId is expected.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type CallId = Brand<string, 'CallId'>;
export type ProtoSetId = Brand<string, 'ProtoSetId'>;
export type ChannelId = Brand<string, 'ChannelId'>;

export const asCallId = (s: string): CallId => s as CallId;
export const asProtoSetId = (s: string): ProtoSetId => s as ProtoSetId;
export const asChannelId = (s: string): ChannelId => s as ChannelId;
