import { create } from 'zustand';
import type { ScenarioDocV1 } from '../../engine/scenario/types';
import type { PlayState } from '../../worker/protocol';

export type EngineStatus = 'booting' | 'ready' | 'crashed';

export interface Notice {
  id: number;
  kind: 'info' | 'restart' | 'error';
  text: string;
}

interface SessionState {
  status: EngineStatus;
  crashMessage: string | null;
  /** The current scenario document, as the worker last accepted it. */
  doc: ScenarioDocV1 | null;
  /** The last document the worker accepted (survives a crash: the restart loads it). */
  lastGoodDoc: ScenarioDocV1 | null;
  presetId: string | null;
  canUndo: boolean;
  canRedo: boolean;
  playState: PlayState;
  speed: number;
  skipIdle: boolean;
  /** performance.now() of the last batch that crossed idle time quickly. */
  skippedAt: number;
  storm: string | null;
  notice: Notice | null;
  /** Whether the user typed anything yet (hides the first-steps hint). */
  typedAnything: boolean;
  /** Bumped when a new document is loaded (the canvas fits it to the view). */
  loadEpoch: number;
}

export const useSession = create<SessionState>()(() => ({
  status: 'booting',
  crashMessage: null,
  doc: null,
  lastGoodDoc: null,
  presetId: null,
  canUndo: false,
  canRedo: false,
  playState: 'paused',
  speed: 1,
  skipIdle: true,
  skippedAt: 0,
  storm: null,
  notice: null,
  typedAnything: false,
  loadEpoch: 0,
}));

let noticeId = 0;
export function notify(kind: Notice['kind'], text: string): void {
  useSession.setState({ notice: { id: ++noticeId, kind, text } });
}
