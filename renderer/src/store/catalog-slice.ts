import type { StateCreator } from 'zustand';
import type { MethodDescription, ProtoSetSummary } from '../../../shared/catalog';
import type { ProtoSetId } from '../../../shared/ids';
import type { WorkbenchError } from '../../../shared/result';
import type { AppState } from './app-state';
import type { ImportRecipe } from './import-recipe';

export type DescriptionEntry =
  | { state: 'loading' }
  | { state: 'ready'; description: MethodDescription }
  | { state: 'error'; error: WorkbenchError };

export interface CatalogSlice {
  /** Imported proto sets, in import order. */
  protoSets: ProtoSetSummary[];
  /** How each set was imported (for re-import on load and for Copy as grpcurl). */
  recipes: Record<string, ImportRecipe>;
  serviceFilter: string;
  /** Method descriptions (schema + example) keyed by methodKey. */
  descriptions: Record<string, DescriptionEntry>;
  upsertProtoSet: (summary: ProtoSetSummary, recipe: ImportRecipe | null) => void;
  removeProtoSet: (id: ProtoSetId) => void;
  setServiceFilter: (text: string) => void;
  setDescription: (key: string, entry: DescriptionEntry) => void;
}

export const createCatalogSlice: StateCreator<AppState, [], [], CatalogSlice> = (set) => ({
  protoSets: [],
  recipes: {},
  serviceFilter: '',
  descriptions: {},
  upsertProtoSet: (summary, recipe) =>
    set((state) => {
      const index = state.protoSets.findIndex((p) => p.id === summary.id);
      const protoSets = index === -1 ? [...state.protoSets, summary] : state.protoSets.map((p, i) => (i === index ? summary : p));
      const recipes = recipe === null ? state.recipes : { ...state.recipes, [summary.id]: recipe };
      // A re-import may change a message: forget cached descriptions of this set.
      const descriptions = Object.fromEntries(Object.entries(state.descriptions).filter(([key]) => !key.startsWith(`${summary.id}/`)));
      return { protoSets, recipes, descriptions };
    }),
  removeProtoSet: (id) =>
    set((state) => {
      const { [id]: _removed, ...recipes } = state.recipes;
      return { protoSets: state.protoSets.filter((p) => p.id !== id), recipes };
    }),
  setServiceFilter: (serviceFilter) => set({ serviceFilter }),
  setDescription: (key, entry) => set((state) => ({ descriptions: { ...state.descriptions, [key]: entry } })),
});
