/**
 * Keystroke to echo, `n` times: types a letter, waits until it comes back, types the next. The
 * first keystroke comes 300 ms after the output is being listened to, as a person's would.
 */
export async function echoTimes(write: (s: string) => void, onOutput: (cb: (d: string) => void) => void, n: number): Promise<number[]> {
  const times: number[] = [];
  let waiting: ((d: string) => void) | null = null;
  onOutput((d) => waiting?.(d));
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < n; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    const t = performance.now();
    await new Promise<void>((resolve) => {
      waiting = (d) => {
        if (d.includes(ch)) resolve();
      };
      write(ch);
    });
    times.push(performance.now() - t);
  }
  return times;
}

/** Keystrokes per echo measurement. */
export const ECHO_KEYSTROKES = 300;
