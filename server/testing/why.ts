/** What a call answered: "ok", or the message of the error it was refused with. */
export function why(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "ok",
    (e: Error) => e.message,
  );
}
