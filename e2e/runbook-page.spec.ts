import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parseRunbook } from "../server/runbooks/parse-runbook";
import { allCommands } from "../server/shared/runbook";

test("the runbook page shows every section and command of the seed, with risk and variables", async ({ page }) => {
  const model = await parseRunbook(readFileSync(path.resolve("runbooks/backup-failure.md"), "utf8"));
  await page.goto("/runbooks/backup-failure");

  const headings = page.getByRole("list", { name: "Sections" }).getByRole("heading");
  await expect(headings).toHaveText(model.sections.map((s) => s.title));

  const commands = allCommands(model);
  expect(commands.length).toBeGreaterThan(60);
  const byText = new Map<string, typeof commands>();
  for (const c of commands) byText.set(c.text, [...(byText.get(c.text) ?? []), c]);
  for (const [text, same] of byText) {
    const cards = page.getByRole("article", { name: text, exact: true });
    await expect(cards, text).toHaveCount(same.length);
    for (let i = 0; i < same.length; i++) {
      const c = same[i]!;
      await expect(cards.nth(i).getByLabel(/^Risk: /)).toHaveText(c.risk);
      await expect(cards.nth(i)).toContainText(`line ${c.line}`);
      for (const v of c.variables) await expect(cards.nth(i).getByRole("list", { name: "Variables needed" })).toContainText(`$${v.name}`);
    }
  }

  const cleanup = page.getByRole("article", { name: 'find /var/backups/postgres -name "*.sql.gz" -mtime +30 -delete', exact: true });
  await expect(cleanup).toContainText("Can lose data: find -delete deletes every file it matches");
  const alias = page.getByRole("article", {
    name: "mc alias set minio-backup https://backup.example.com ACCESS_KEY SECRET_KEY",
    exact: true,
  });
  await expect(alias.getByRole("list", { name: "Placeholders to replace" }).getByRole("listitem")).toHaveText([
    "replace backup.example.com",
    "replace ACCESS_KEY",
    "replace SECRET_KEY",
  ]);

  const escalation = page.getByRole("region", { name: "Escalation" });
  await expect(escalation.getByRole("list", { name: "Checklist" }).getByRole("listitem")).toHaveCount(6);
  await expect(page.getByRole("region", { name: "Prevention & Hardening" }).getByRole("list", { name: "Notes" })).toContainText(
    "Add Prometheus metrics",
  );

  await page.getByText(/^Runbook lint: 0 errors, 12 warnings$/).click();
  await expect(page.getByRole("list", { name: "Lint findings" })).toContainText("line 252: warning undefined-variable: $LAST_SAVE");
});
