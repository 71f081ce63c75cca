import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic, Runbook } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

export interface LintedFile {
  file: string;
  content: string;
  runbook: Runbook | null;
  diagnostics: Diagnostic[];
}

/** Markdown files under the given paths (files as given, directories walked), sorted. */
export async function markdownFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p);
    if (s.isFile()) {
      out.push(p);
      return;
    }
    for (const entry of await readdir(p, { withFileTypes: true })) {
      const child = path.join(p, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") await walk(child);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) out.push(child);
    }
  };
  for (const p of paths) await walk(p);
  return [...new Set(out)].sort();
}

/** Each file's own diagnostics, plus what only shows across files: one alert, two runbooks. */
export async function lintRunbooks(files: string[]): Promise<LintedFile[]> {
  const results: LintedFile[] = [];
  for (const file of files) {
    let content: string;
    try {
      content = await readFile(file, "utf8");
    } catch (err) {
      results.push({
        file,
        content: "",
        runbook: null,
        diagnostics: [{ severity: "error", line: 1, rule: "unreadable", message: (err as Error).message }],
      });
      continue;
    }
    const runbook = await parseRunbook(content);
    results.push({ file, content, runbook, diagnostics: [...runbook.diagnostics] });
  }
  const claims = new Map<string, LintedFile[]>();
  for (const r of results) for (const alert of new Set(r.runbook?.meta.alerts ?? [])) claims.set(alert, [...(claims.get(alert) ?? []), r]);
  for (const [alert, owners] of claims) {
    if (owners.length < 2) continue;
    for (const r of owners) {
      const others = owners.filter((o) => o !== r).map((o) => o.file);
      const line = Math.max(1, r.content.split("\n").findIndex((l) => l.includes(alert)) + 1);
      r.diagnostics.push({
        severity: "error",
        line,
        rule: "duplicate-alert",
        message: `Alert ${alert} is also claimed by ${others.join(", ")}: a page would match two runbooks.`,
      });
    }
  }
  for (const r of results) r.diagnostics.sort((a, b) => a.line - b.line);
  return results;
}
