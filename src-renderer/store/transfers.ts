/**
 * The transfers slice (issue 13): each session's last 'transfer.status' (running with progress, or how
 * the last transfer ended), and the Send/Receive dialog's open request.
 */
import { create } from 'zustand';
import type { TransferStatus } from '../../src-shared/ipc/contract.js';

/** What the transfer dialog asks for: a send (protocol, file) or a receive (protocol) on a tab's session. */
export interface TransferDialogRequest {
  direction: 'send' | 'receive';
  tabId: string;
}

export interface TransfersState {
  /** The last status of each session's transfer, by session id. */
  status: Readonly<Record<string, TransferStatus>>;
  dialog: TransferDialogRequest | null;
  applyStatus(status: TransferStatus): void;
  /** Forget a session's last status (the operator dismissed how the last transfer ended). */
  clearStatus(sessionId: string): void;
  openDialog(request: TransferDialogRequest | null): void;
}

export const useTransfers = create<TransfersState>()((set) => ({
  status: {},
  dialog: null,
  applyStatus(status) {
    set((s) => ({ status: { ...s.status, [status.sessionId]: status } }));
  },
  clearStatus(sessionId) {
    set((s) => {
      const { [sessionId]: _gone, ...rest } = s.status;
      return { status: rest };
    });
  },
  openDialog(dialog) {
    set({ dialog });
  },
}));

/** Seconds left at `rate` for what remains of `total` (null: unknown). */
export function etaSeconds(st: Pick<TransferStatus, 'bytes' | 'total' | 'rate'>): number | null {
  if (st.total === null || st.rate <= 0 || st.bytes >= st.total) return st.total !== null && st.bytes >= st.total ? 0 : null;
  return Math.ceil((st.total - st.bytes) / st.rate);
}

/** A byte count as people read it: 812 B, 8.0 KiB, 1.2 MiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
