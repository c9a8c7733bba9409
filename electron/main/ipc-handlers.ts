// One ipcMain.handle per contract channel. Each checks the sender, then hands the untrusted
// payload to the validated dispatch (zod), which calls the engine. Answers are always Results.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/contract';
import { err, type Result } from '../../shared/result';
import type { ValidatedDispatch } from '../engine/dispatch/validated-dispatch';
import type { Caller } from '../engine/engine-api';
import { checkSender, senderInfoOf } from './sender-validation';

export interface IpcHandlerDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatch: ValidatedDispatch;
  /** The webContents id of our window, or null while there is none. */
  trustedWebContentsId(): number | null;
  /** Where refused senders are reported (the main process log). */
  warn(message: string): void;
  /** The page the sender's webContents shows (page-documents.ts), so its calls belong to it. */
  callerOf?(webContentsId: number): Caller | undefined;
}

export function handleContractCall(
  deps: Pick<IpcHandlerDeps, 'dispatch' | 'trustedWebContentsId' | 'warn' | 'callerOf'>,
  channel: ChannelName,
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  payload: unknown,
): Promise<Result<unknown>> {
  const verdict = checkSender(senderInfoOf(event), deps.trustedWebContentsId());
  if (!verdict.trusted) {
    deps.warn(`Refused IPC ${channel}: ${verdict.reason}.`);
    return Promise.resolve(err('INVALID_REQUEST', `Refused ${channel}: ${verdict.reason}.`));
  }
  return deps.dispatch(channel, payload, deps.callerOf?.(event.sender.id)).catch((cause: unknown) =>
    err('INTERNAL', `${channel} failed unexpectedly: ${cause instanceof Error ? cause.message : String(cause)}.`),
  );
}

/** Registers every contract channel; returns a function that removes them again. */
export function registerContractHandlers(deps: IpcHandlerDeps): () => void {
  for (const channel of CHANNEL_NAMES) {
    deps.ipcMain.handle(channel, (event, payload: unknown) => handleContractCall(deps, channel, event, payload));
  }
  return () => {
    for (const channel of CHANNEL_NAMES) deps.ipcMain.removeHandler(channel);
  };
}
