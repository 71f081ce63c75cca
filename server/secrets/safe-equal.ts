import { timingSafeEqual } from "node:crypto";

/** Compares a secret (token, signature) in constant time: how long it takes says nothing of where it differs. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
