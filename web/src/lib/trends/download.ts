/** Saves a file from the page: a link with `download`, clicked and removed (no inline script, CSP-safe). */
export function downloadUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Saves text as a file; UTF-8 with a byte-order mark so spreadsheets read "£" correctly. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  downloadUrl(url, fileName);
  // The download has started by the time the click returns; give the browser a moment anyway.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
