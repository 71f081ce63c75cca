const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random id with a readable prefix (`inc_`, `run_`), drawn from the platform's CSPRNG. */
export function newId(prefix: "inc" | "run" | "apr" | "ral" | "tok" | "alr" | "ntf" | "amn", length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = "";
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${id}`;
}
