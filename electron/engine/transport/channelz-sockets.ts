import { getChannelzHandlers, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';

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
