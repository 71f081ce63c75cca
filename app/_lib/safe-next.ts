/** Where to go after signing in: a path on this site only (never `//host` or a full URL). */
export function safeNext(next: string | string[] | undefined): string {
  const v = Array.isArray(next) ? next[0] : next;
  return v && /^\/(?![/\\])/.test(v) && v.length <= 2000 ? v : "/";
}
