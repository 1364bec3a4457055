import { useEffect } from 'react';
import { useT } from '../i18n';
import { openLabFile } from './import';
import { useExport } from './state';

const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

/**
 * Drop a lab file anywhere on the page to open it. Only file drags are taken:
 * dragging a node kind from the palette is left to the canvas.
 */
export function DropZone() {
  const dragging = useExport((s) => s.dragging);
  const t = useT();
  useEffect(() => {
    let depth = 0;
    const set = (on: boolean) => useExport.getState().dragging !== on && useExport.setState({ dragging: on });
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      set(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) set(false);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      set(false);
      const f = e.dataTransfer?.files[0];
      if (f) void openLabFile(f);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!dragging) return null;
  return (
    <div className="drop-zone" data-testid="drop-zone" aria-hidden="true">
      <div>{t('export.drop')}</div>
    </div>
  );
}
