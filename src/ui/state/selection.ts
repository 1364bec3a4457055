import { create } from 'zustand';

export interface PacketRef {
  pid: number;
  seq: number;
}

interface SelectionState {
  nodes: string[];
  links: string[];
  /** The packet the inspector shows (clicked envelope or log row). */
  packet: PacketRef | null;
}

export const useSelection = create<SelectionState>()(() => ({ nodes: [], links: [], packet: null }));

export const selectPacket = (packet: PacketRef | null): void => useSelection.setState({ packet });
