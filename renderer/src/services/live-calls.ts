// Every call the engine runs, whichever page started it (calls:list), and cancelling any of
// them: a stream left behind by a closed tab, or one another tab is running.
import type { CallId } from '../../../shared/ids';
import type { LiveCall } from '../../../shared/live-calls';
import type { Result } from '../../../shared/result';
import { workbench } from './api-handle';

export function listLiveCalls(): Promise<Result<LiveCall[]>> {
  return workbench().invoke('calls:list', {});
}

export function cancelLiveCall(callId: CallId): Promise<Result<null>> {
  return workbench().invoke('calls:cancel', { callId });
}
