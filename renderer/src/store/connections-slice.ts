import type { StateCreator } from 'zustand';
import type { ConnectionSnapshot } from '../../../shared/connection';
import type { AppState } from './app-state';
import type { ChannelView } from './channel-view';
import { createChannelView, mergeSnapshot } from './channel-view';

export interface ConnectionsSlice {
  /** Live view of each channel the engine reported on, by channel id. */
  channels: Record<string, ChannelView>;
  mergeChannelSnapshot: (snapshot: ConnectionSnapshot) => void;
}

export const createConnectionsSlice: StateCreator<AppState, [], [], ConnectionsSlice> = (set) => ({
  channels: {},
  mergeChannelSnapshot: (snapshot) =>
    set((state) => {
      const current = state.channels[snapshot.channelId] ?? createChannelView(snapshot.channelId, snapshot.target);
      return { channels: { ...state.channels, [snapshot.channelId]: mergeSnapshot(current, snapshot) } };
    }),
});
