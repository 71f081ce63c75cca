// An account lost access (disabled, role lowered): whatever it has open in this process closes
// at once. Other processes (the CLI, other instances) are caught by the periodic re-check of
// every open stream.
type Listener = (userId: string) => void;
const g = globalThis as unknown as { runlogAccessListeners?: Set<Listener> };

function listeners(): Set<Listener> {
  g.runlogAccessListeners ??= new Set();
  return g.runlogAccessListeners;
}

export function onAccessChange(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function accessChanged(userId: string): void {
  for (const l of listeners()) l(userId);
}
