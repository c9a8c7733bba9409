import { create } from 'zustand';
import type { ChannelId } from '../../../shared/ids';
import type { HealthServingStatus, HealthWatchEvent } from '../../../shared/health';
import type { SettingsOwner } from './requests-slice';

/** Check health / Watch health of one tab (or of the defaults when no tab is open). */
export interface HealthView {
  /** The service name to check; "" = the whole server. */
  service: string;
  /** The Watch health checkbox: on while the page wants a Health/Watch stream open. */
  watch: boolean;
  watchId: string | null;
  busy: boolean;
  status: HealthServingStatus | null;
  /** Why the health could not be checked (or why the watch ended). */
  problem: string | null;
  channelId: ChannelId | null;
}

export const EMPTY_HEALTH: HealthView = { service: '', watch: false, watchId: null, busy: false, status: null, problem: null, channelId: null };

interface HealthStore {
  byOwner: Record<string, HealthView>;
  update(key: string, patch: Partial<HealthView>): void;
  forget(key: string): void;
}

/** Health is per page and not saved with the workspace: its own small store keeps the app store's slices unchanged. */
export const useHealthStore = create<HealthStore>()((set) => ({
  byOwner: {},
  update: (key, patch) => set((s) => ({ byOwner: { ...s.byOwner, [key]: { ...(s.byOwner[key] ?? EMPTY_HEALTH), ...patch } } })),
  forget: (key) =>
    set((s) => {
      const { [key]: _gone, ...rest } = s.byOwner;
      return { byOwner: rest };
    }),
}));

export function healthKey(owner: SettingsOwner): string {
  return owner === 'defaults' ? 'defaults' : owner.tabId;
}

export function healthOf(key: string): HealthView {
  return useHealthStore.getState().byOwner[key] ?? EMPTY_HEALTH;
}

/** Events of a watch whose id the page does not know yet (they can come before health:watch answers). */
const unclaimed = new Map<string, HealthWatchEvent[]>();
const UNCLAIMED_WATCHES_KEPT = 20;

function applyTo(key: string, event: HealthWatchEvent): void {
  const { update } = useHealthStore.getState();
  if (event.ended !== null) update(key, { watch: false, watchId: null, status: null, problem: event.ended });
  else if (event.status !== null) update(key, { status: event.status, problem: null, channelId: event.channelId });
  else if (event.interrupted) update(key, { status: null, problem: event.interrupted });
}

/** A Health/Watch update: to the view whose watch it is, or kept until that view claims it. */
export function applyHealthWatchEvent(event: HealthWatchEvent): void {
  const { byOwner } = useHealthStore.getState();
  const key = Object.keys(byOwner).find((k) => byOwner[k]?.watchId === event.watchId);
  if (key !== undefined) return applyTo(key, event);
  unclaimed.set(event.watchId, [...(unclaimed.get(event.watchId) ?? []), event]);
  while (unclaimed.size > UNCLAIMED_WATCHES_KEPT) unclaimed.delete(unclaimed.keys().next().value as string);
}

/** The view's watch started: take its id, and the events that came before it was known. */
export function claimHealthWatch(key: string, watchId: string, channelId: ChannelId): void {
  useHealthStore.getState().update(key, { watchId, channelId });
  const early = unclaimed.get(watchId) ?? [];
  unclaimed.delete(watchId);
  for (const event of early) applyTo(key, event);
}
