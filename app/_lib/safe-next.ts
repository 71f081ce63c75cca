// Any origin works for the check: what matters is that the path cannot leave it.
const BASE = "http://runlog.invalid";

/**
 * Where to go after signing in: a path on this site only. Browsers drop tabs, newlines and other
 * control characters and fold look-alike dots before they resolve a URL, so `/%09/evil.example`
 * would become `//evil.example`: anything but printable ASCII is refused, and what is left must
 * resolve to this site.
 */
export function safeNext(next: string | string[] | undefined): string {
  const v = Array.isArray(next) ? next[0] : next;
  if (!v || v.length > 2000 || !/^\/[\x21-\x7e]*$/.test(v) || v.includes("\\")) return "/";
  let url: URL;
  try {
    url = new URL(v, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
