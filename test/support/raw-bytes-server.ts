// A grpc-js server that answers evolve.v1.Shop with bytes the test chose (identity serializers),
// so a test can send what a newer server, a wrong server or a broken one would. Its reflection
// describes the OLD shop.proto plus promo.v1.Coupon in a package of its own (as a server whose reflection
// knows a detail type no service refers to): reflecting it gives the descriptors the Workbench
// then decodes the newer bytes with.
import { join } from 'node:path';
import { Metadata, Server, ServerCredentials, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData, type UntypedServiceImplementation } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { ReflectionService } from '@grpc/reflection';
import { COUPON_DIR, OLD_SHOP_DIR, SHOP_SERVICE } from './evolving-shop';

export interface RawShopReplies {
  /** What Get answers. */
  get: Uint8Array;
  /** What Watch streams, in order, each as one message. */
  watch: Uint8Array[];
  /** When set, Get fails with this status and google.rpc.Status bytes in grpc-status-details-bin instead. */
  getFailure?: { code: number; message: string; statusDetailsBin: Uint8Array };
}

export interface RawBytesServer {
  /** "127.0.0.1:PORT" */
  address: string;
  stop(): Promise<void>;
}

const identity = (bytes: Buffer): Buffer => bytes;

export async function startRawBytesServer(replies: RawShopReplies): Promise<RawBytesServer> {
  const packageDefinition = protoLoader.loadSync([join(OLD_SHOP_DIR, 'shop.proto'), join(COUPON_DIR, 'coupon.proto')], {
    keepCase: true,
    includeDirs: [OLD_SHOP_DIR, COUPON_DIR],
  });
  const shop = packageDefinition[SHOP_SERVICE] as protoLoader.ServiceDefinition;
  // The same method paths, but bytes in and bytes out: what the handler writes goes on the wire as is.
  const rawDefinition = Object.fromEntries(
    Object.entries(shop).map(([name, method]) => [name, { ...method, requestDeserialize: identity, responseSerialize: identity }]),
  );
  const implementation: UntypedServiceImplementation = {
    Get: (_call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      const failure = replies.getFailure;
      if (!failure) return callback(null, Buffer.from(replies.get));
      const metadata = new Metadata();
      metadata.set('grpc-status-details-bin', Buffer.from(failure.statusDetailsBin));
      callback({ code: failure.code, details: failure.message, metadata });
    },
    Watch: (call: ServerWritableStream<Buffer, Buffer>) => {
      for (const bytes of replies.watch) call.write(Buffer.from(bytes));
      call.end();
    },
  };
  const server = new Server();
  server.addService(rawDefinition, implementation);
  new ReflectionService(packageDefinition).addToServer(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    address: `127.0.0.1:${port}`,
    stop: async () => {
      server.forceShutdown();
    },
  };
}

/** A google.rpc.Status as grpc-status-details-bin carries it, with each detail an Any of (type URL, bytes). */
export function statusDetailsBin(code: number, message: string, details: { typeUrl: string; value: Uint8Array }[]): Uint8Array {
  const writer = new BinaryWriter().tag(1, 0).int32(code).tag(2, 2).string(message);
  for (const detail of details) writer.tag(3, 2).bytes(new BinaryWriter().tag(1, 2).string(detail.typeUrl).tag(2, 2).bytes(detail.value).finish());
  return writer.finish();
}
