/** What the host offers: app info, the live list of local serial ports, and whether the bridge is up. */
import { create } from 'zustand';
import type { PortInfo, ReplyOf } from '../../src-shared/ipc/contract.js';

export type AppInfo = ReplyOf<'app.info'>;

export interface HostState {
  info: AppInfo | null;
  /** Local serial ports, or null when this host cannot list them (the dialog then offers network kinds only). */
  ports: PortInfo[] | null;
  /** Set when the bridge failed to answer at start; the UI shows it instead of an empty window. */
  bridgeError: string | null;
  set(patch: Partial<Omit<HostState, 'set'>>): void;
}

export const useHost = create<HostState>()((set) => ({
  info: null,
  ports: null,
  bridgeError: null,
  set(patch) {
    set(patch);
  },
}));
