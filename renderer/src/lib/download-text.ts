/**
 * Saves text as a file through the page's download: Electron asks where with its save dialog,
 * a browser saves it to its downloads folder (or asks, as the user set it up).
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
