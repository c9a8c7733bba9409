import type { CallsSlice } from './calls-slice';
import type { CatalogSlice } from './catalog-slice';
import type { CollectionsSlice } from './collections-slice';
import type { ConnectionsSlice } from './connections-slice';
import type { RequestsSlice } from './requests-slice';
import type { UiSlice } from './ui-slice';

/** The whole renderer state: one store made of slices (see app-store.ts). */
export type AppState = CatalogSlice & RequestsSlice & CallsSlice & ConnectionsSlice & UiSlice & CollectionsSlice;
