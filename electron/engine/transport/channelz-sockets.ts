import { getChannelzHandlers, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { ConnectivityState, ResolvedAddress } from '../../../shared/connection';

/** One connection (socket) of a channel, as grpc-js's channelz registry describes it. */
export interface ChannelSocket {
  socketId: number;
  /** null for unix sockets. */
  localPort: number | null;
  remotePort: number | null;
  keepAlivesSent: number;
}

type UnaryHandler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

/**
 * Ask a channelz handler in-process. grpc-js exports the channelz service implementation
 * (getChannelzHandlers, public API) and its handlers answer synchronously from the registry;
 * if a future version answered later, we get null and simply attribute nothing.
 */
function ask<Req, Res>(handler: UnaryHandler<Req, Res>, request: Req): Res | null {
  let answer: Res | null = null;
  const call = { request } as unknown as ServerUnaryCall<Req, Res>;
  try {
    handler(call, (error, value) => {
      answer = error ? null : (value ?? null);
    });
  } catch {
    return null;
  }
  return answer;
}

function portOf(address: { tcpip_address?: { port?: number } | null } | null | undefined): number | null {
  const port = address?.tcpip_address?.port;
  return typeof port === 'number' && port > 0 ? port : null;
}

/** The live sockets of a channel (through its subchannels), by the channel's channelz id. */
export function listChannelSockets(channelzId: number): ChannelSocket[] {
  const handlers = getChannelzHandlers();
  const channel = ask(handlers.GetChannel, { channel_id: String(channelzId) })?.channel;
  const sockets: ChannelSocket[] = [];
  for (const subchannelRef of channel?.subchannel_ref ?? []) {
    const subchannel = ask(handlers.GetSubchannel, { subchannel_id: String(subchannelRef.subchannel_id) })?.subchannel;
    for (const socketRef of subchannel?.socket_ref ?? []) {
      const socket = ask(handlers.GetSocket, { socket_id: String(socketRef.socket_id), summary: false })?.socket;
      if (!socket) continue;
      sockets.push({
        socketId: Number(socketRef.socket_id),
        localPort: portOf(socket.local),
        remotePort: portOf(socket.remote),
        keepAlivesSent: Number(socket.data?.keep_alives_sent ?? 0),
      });
    }
  }
  return sockets;
}

/** The addresses a channel's subchannels connect to ("127.0.0.1:50051"), by the channel's channelz id. */
export function listChannelSubchannelAddresses(channelzId: number): string[] {
  const channel = ask(getChannelzHandlers().GetChannel, { channel_id: String(channelzId) })?.channel;
  return (channel?.subchannel_ref ?? []).flatMap((ref) => (ref.name ? [ref.name] : []));
}

const CONNECTIVITY_STATES: readonly ConnectivityState[] = ['IDLE', 'CONNECTING', 'READY', 'TRANSIENT_FAILURE', 'SHUTDOWN'];

/**
 * Every address the channel's target resolved to, with the state of its subchannel. grpc-js
 * creates one subchannel per resolved address (pick_first and round_robin alike) and lists them
 * as the channel's channelz children; GetSubchannel answers each one's address (data.target) and
 * connectivity (data.state). The channel's own state says little with round_robin: it stays
 * READY while one backend of three is down.
 */
export function listResolvedAddresses(channelzId: number): ResolvedAddress[] {
  const handlers = getChannelzHandlers();
  const channel = ask(handlers.GetChannel, { channel_id: String(channelzId) })?.channel;
  const addresses: ResolvedAddress[] = [];
  for (const ref of channel?.subchannel_ref ?? []) {
    const data = ask(handlers.GetSubchannel, { subchannel_id: String(ref.subchannel_id) })?.subchannel?.data;
    const address = data?.target ?? ref.name;
    const reported = String(data?.state?.state ?? '');
    if (!address) continue;
    const state = CONNECTIVITY_STATES.find((known) => known === reported) ?? 'IDLE';
    addresses.push({ address, state });
  }
  return addresses;
}
