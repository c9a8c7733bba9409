// Quitting waits for engine.dispose() (calls cancelled, channels closed, demo server stopped):
// the first before-quit is held with preventDefault, dispose runs, then app.quit() again goes
// through. A dispose that hangs is abandoned after timeoutMs so the app always exits.
export interface QuitGateOptions {
  dispose(): Promise<void>;
  quit(): void;
  timeoutMs: number;
  onError(message: string): void;
}

export function createQuitGate(options: QuitGateOptions): (event: { preventDefault(): void }) => void {
  let state: 'open' | 'disposing' | 'done' = 'open';
  return (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.onError(`The engine did not shut down within ${options.timeoutMs} ms; quitting anyway.`);
        resolve();
      }, options.timeoutMs);
    });
    const disposal = Promise.resolve()
      .then(() => options.dispose())
      .catch((cause: unknown) => options.onError(`Engine shutdown failed: ${cause instanceof Error ? cause.message : String(cause)}`));
    void Promise.race([disposal, timeout]).then(() => {
      clearTimeout(timer);
      state = 'done';
      options.quit();
    });
  };
}
