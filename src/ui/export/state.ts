import { create } from 'zustand';
import type { ScenarioError } from '../../engine/scenario/types';

export interface ConfigPreview {
  title: string;
  /** File name for the download. */
  name: string;
  text: string;
}

interface ExportState {
  /** A lab file that could not be opened, with the validator's errors (nothing was changed). */
  importErrors: { file: string; errors: ScenarioError[] } | null;
  /** A host's configuration (or ipvsadm -S) shown in a dialog. */
  preview: ConfigPreview | null;
  /** A file is being dragged over the page. */
  dragging: boolean;
}

export const useExport = create<ExportState>()(() => ({ importErrors: null, preview: null, dragging: false }));
