/** Save bytes or text as a file in the browser's downloads (an `<a download>` click). */
export function download(name: string, mime: string, data: Uint8Array | string | Blob): void {
  const blob = data instanceof Blob ? data : new Blob([typeof data === 'string' ? data : (data as Uint8Array<ArrayBuffer>)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Long enough for the browser to start the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a lab id or title: letters, digits, `-` and `_` only. */
export function fileStem(s: string | undefined, fallback = 'lab'): string {
  const clean = (s ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return clean || fallback;
}
