import { create } from 'zustand';

interface ShareState {
  /** Why the share link in the address could not be opened (one line), until dismissed. */
  linkError: string | null;
  /** Whether the default lab was opened instead (at start) or the open lab kept (a link pasted later). */
  fellBack: boolean;
}

export const useShare = create<ShareState>()(() => ({ linkError: null, fellBack: true }));

export const setLinkError = (linkError: string | null, fellBack = true): void => useShare.setState({ linkError, fellBack });
