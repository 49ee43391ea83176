// Where the engine worker remembers `auto`'s engine choices: an IndexedDB store of its own (idb-keyval), keyed by
// network shape and device (enginePick.ts's pickKey). A browser without IndexedDB (a private window in some) times again.
import { createStore, get, set } from 'idb-keyval';
import type { ChoiceStore, PickRecord } from './enginePick.ts';

export function idbChoiceStore(): ChoiceStore {
  let store: ReturnType<typeof createStore> | null = null;
  const open = () => (store ??= createStore('convlab-engine-choices', 'choices'));
  return {
    get: async (key) => {
      try {
        return await get<PickRecord>(key, open());
      } catch {
        return undefined;
      }
    },
    set: async (key, value) => {
      try {
        await set(key, value, open());
      } catch {
        // Not remembered: the next build of this network times the engines again.
      }
    },
  };
}
