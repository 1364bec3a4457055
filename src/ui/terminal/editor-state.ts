/**
 * The vi editor of each host (opened by typing `vi FILE` in its terminal):
 * the file's text as loaded from the host, the text being edited, and vim's
 * status line after loading or saving.
 */
import { create } from 'zustand';
import { engine } from '../engine/client';

export interface EditorState {
  /** The file as typed (`vi index.html`), null for `vi` alone. */
  file: string | null;
  /** Its absolute path on the host, once the worker answered. */
  path: string | null;
  text: string;
  /** The text last loaded or saved (unsaved changes: text !== saved). */
  saved: string;
  loading: boolean;
  saving: boolean;
  /** vim's message line: `"index.html" 3L, 52C`, `"x" [New File]`, an error. */
  status: string;
  error: boolean;
  /** A directory, or a file that could not be read: nothing to save over. */
  unusable: boolean;
}

export const useEditors = create<{ editors: Record<string, EditorState> }>()(() => ({ editors: {} }));

function patch(node: string, p: Partial<EditorState>): void {
  useEditors.setState((s) => {
    const e = s.editors[node];
    return e ? { editors: { ...s.editors, [node]: { ...e, ...p } } } : s;
  });
}

export function openEditor(node: string, file: string | null): void {
  useEditors.setState((s) => ({
    editors: {
      ...s.editors,
      [node]: { file, path: null, text: '', saved: '', loading: !!file, saving: false, status: file ? '' : '[No Name]', error: false, unusable: false },
    },
  }));
  if (!file) return;
  void engine.readFile(node, file).then((r) => {
    if (!r) return patch(node, { loading: false, status: 'the engine did not answer', error: true, unusable: true });
    patch(node, { path: r.path, text: r.content, saved: r.content, loading: false, status: r.message, error: !!r.error, unusable: !!r.error });
  });
}

export function setEditorText(node: string, text: string): void {
  patch(node, { text });
}

/** `:w`: write the text to the host (vim ends a last line without a newline). Resolves whether it was written. */
export async function saveEditor(node: string, file?: string): Promise<boolean> {
  const e = useEditors.getState().editors[node];
  const target = file ?? e?.path ?? e?.file;
  if (!e || !target) {
    patch(node, { status: 'E32: No file name', error: true });
    return false;
  }
  const content = e.text && !e.text.endsWith('\n') ? `${e.text}\n` : e.text;
  patch(node, { saving: true });
  const r = await engine.writeFile(node, target, content);
  if (!r) {
    patch(node, { saving: false, status: 'the engine did not answer', error: true });
    return false;
  }
  patch(node, r.ok ? { saving: false, path: r.path, file: e.file ?? target, saved: e.text, status: r.message, error: false, unusable: false } : { saving: false, status: r.message, error: true });
  return r.ok;
}

/** `:q!`: close without writing. */
export function closeEditor(node: string): void {
  useEditors.setState((s) => {
    if (!s.editors[node]) return s;
    const editors = { ...s.editors };
    delete editors[node];
    return { editors };
  });
}

/** A new lab: editors of the old one close. */
export function closeAllEditors(): void {
  useEditors.setState({ editors: {} });
}
