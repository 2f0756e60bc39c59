/** The profiles slice: saved profiles as main lists them, and the phonebook for the dialer. */
import { create } from 'zustand';
import type { PhonebookEntry, Profile } from '../../src-shared/ipc/profile.js';

export interface ProfilesState {
  profiles: Profile[];
  phonebook: PhonebookEntry[];
  loaded: boolean;
  setProfiles(profiles: Profile[]): void;
  setPhonebook(entries: PhonebookEntry[]): void;
}

export const useProfiles = create<ProfilesState>()((set) => ({
  profiles: [],
  phonebook: [],
  loaded: false,
  setProfiles(profiles) {
    set({ profiles, loaded: true });
  },
  setPhonebook(phonebook) {
    set({ phonebook });
  },
}));
