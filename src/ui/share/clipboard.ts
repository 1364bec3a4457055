/**
 * Put text on the clipboard: the async Clipboard API where the page may use it,
 * else the old `execCommand('copy')` on a selected field. Resolves false when
 * neither worked; the caller then leaves the text selected for Ctrl+C.
 */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no user gesture, a frame without clipboard-write): fall back.
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
