import type { Postmortem } from "../shared/postmortem";
import { formatDuration } from "../shared/timeline-figures";
import { runResult } from "./event-summary";
import { code, fenced, h, link, list, p, strong, table, type Block, type Inline } from "./document";

/** The incident's usual duration format ("4m 12s"), a dash for what has not happened. */
const duration = (ms: number | null) => (ms === null ? "—" : formatDuration(ms));

/** `+1:02:03` from the start, for the timeline. */
function offset(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `+${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

const or = (text: string | null | undefined, none = "—") => (text === null || text === undefined || text === "" ? none : text);

/** The postmortem log, section by section, in the order a reader wants it. */
export function postmortemDocument(pm: Postmortem): Block[] {
  const i = pm.incident;
  const k = pm.keyFigures;
  const out: Block[] = [h(1, `Postmortem log: ${i.title}`)];
  out.push(
    table(
      ["", ""],
      [
        ["Incident", code(i.id)],
        ["Runbook", [`${i.runbook.title} (`, code(i.runbook.file), ", sha256 ", code(i.runbook.sha256), ")"]],
        ["Severity", i.severity],
        ["Status", i.status],
        ["Opened", `${i.openedAt} by ${i.openedBy}`],
        ["Mitigated", i.mitigatedAt ? `${i.mitigatedAt} (${duration(k.toMitigatedMs)} after opening)` : "not yet"],
        ["Resolved", i.resolvedAt ? `${i.resolvedAt} (${duration(k.toResolvedMs)} after opening)` : "not yet"],
        ["Commander", or(i.commander)],
        ["Exported", pm.generatedAt],
      ],
    ),
  );

  for (const a of pm.alerts) {
    out.push(
      h(2, `Alert ${a.alertname}`),
      table(
        ["", ""],
        [
          ["Status", `${a.status}${a.endsAt ? `, ended ${a.endsAt}` : ""}`],
          ["Started", a.startsAt],
          ["Notifications", `${a.notifications}, the last at ${a.lastNotificationAt}, via token ${a.via}`],
          ["Source", code(a.generatorURL)],
          ["Labels", Object.entries(a.labels).flatMap(([k, v], n): Inline[] => [...(n ? [" "] : []), code(`${k}=${v}`)])],
          ...Object.entries(a.annotations).map(([k, v]): [string, string] => [k, v]),
        ],
      ),
    );
  }
  const e = pm.escalation;
  out.push(
    h(2, "Key figures"),
    table(
      ["Figure", "Value"],
      [
        ["Time to first action", duration(k.toFirstActionMs)],
        ["Time to first command", duration(k.toFirstCommandMs)],
        ["Time to mitigated", duration(k.toMitigatedMs)],
        ["Time to resolved", duration(k.toResolvedMs)],
        ["Open for", duration(k.openForMs)],
        ...(e
          ? [
              ["Escalation rule", e.rule],
              [
                "Escalation deadline",
                `${e.deadline} (${e.passed ? "passed" : "not passed"})${e.dueRecordedAt ? `, due recorded ${e.dueRecordedAt}` : ""}`,
              ],
              ["Escalated", e.escalations.length ? e.escalations.map((x) => `${x.at} by ${x.by} to ${x.to}`).join("; ") : "no"],
            ]
          : [["Escalation rule", "none in the runbook"]]),
      ],
    ),
  );

  out.push(
    h(2, "Participants"),
    table(
      ["Person", "Role", "First seen", "Last seen", "Events"],
      pm.participants.map((x) => [x.name, or(x.role), x.firstAt, x.lastAt, String(x.events)]),
    ),
  );

  const changes = [
    ...pm.statusHistory.map((x) => ({ ...x, what: "status" })),
    ...pm.severityHistory.map((x) => ({ ...x, what: "severity" })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  out.push(
    h(2, "Status and severity"),
    table(
      ["Time", "By", "Change", "Reason"],
      changes.map((x) => [x.at, x.by, `${x.what}: ${x.from} → ${x.to}`, or(x.reason)]),
    ),
  );

  out.push(
    h(2, "Timeline"),
    table(
      ["#", "Time (UTC)", "Since start", "Who", "What"],
      pm.timeline.map((x) => [
        String(x.seq),
        x.at,
        offset(x.offsetMs),
        x.actor,
        x.keyMoment ? [strong(`★ ${x.keyMoment}`), ` ${x.summary}`] : x.summary,
      ]),
    ),
  );

  out.push(h(2, "Commands run"));
  if (pm.commands.length === 0) out.push(p("None."));
  pm.commands.forEach((c, n) => {
    const result = runResult(c.status, c.exitCode, c.signal);
    const vars: Inline[] = c.variables.length
      ? c.variables.flatMap((v, j) => [...(j ? [", "] : []), code(`$${v.name}`), " = ", code(v.value)])
      : ["none"];
    out.push(
      h(3, `${n + 1}. ${c.text.split("\n")[0]}`),
      list([
        { inlines: [strong("Who / when:"), ` ${c.by}, ${c.startedAt}${c.finishedAt ? ` → ${c.finishedAt}` : ""}`] },
        { inlines: [strong("Step:"), ` ${or(c.step)}`] },
        { inlines: [strong("Ran on:"), ` ${c.target ? `${c.target.name} (${c.target.where})` : "the Runlog server"}`] },
        { inlines: [strong("Result:"), ` ${result}${c.signal ? ` (signal ${c.signal})` : ""}, ${duration(c.durationMs)}`] },
        { inlines: [strong("Variables:"), " ", ...vars] },
        {
          inlines: [
            strong("Output:"),
            ` ${c.output.bytes} bytes, ${c.output.lines} lines${c.output.capped ? " (stored capped: head and tail kept)" : ""}; full output: ${c.output.fullOutput}`,
          ],
        },
      ]),
      fenced(c.text, "sh"),
    );
    if (c.runbookText !== null) out.push(p("Edited before running; the runbook had:"), fenced(c.runbookText, "sh"));
    if (c.output.lines > 0) {
      const excerpt =
        c.output.omittedLines > 0 ? [...c.output.head, `[… ${c.output.omittedLines} lines omitted …]`, ...c.output.tail] : c.output.head;
      out.push(fenced(excerpt.join("\n"), "text"));
    }
  });

  out.push(h(2, "Notes"), list(pm.notes.map((x) => ({ inlines: [`${x.at}, ${x.by}: ${x.text}`] }))));
  out.push(
    h(2, "Steps"),
    table(
      ["Step", "State", "By", "When", "Reason"],
      pm.steps.map((x) => [x.title, x.state, or(x.by), or(x.at), or(x.reason)]),
    ),
  );
  out.push(
    h(2, "Checklists"),
    list(
      pm.checklist.map((x) => ({
        checked: x.checked,
        inlines: [`${x.section}: ${x.text}${x.checked && x.by ? ` (${x.by}, ${x.at})` : ""}`],
      })),
    ),
  );
  out.push(
    h(2, "Approvals"),
    table(
      ["Command", "Asked by", "Asked at", "Decision", "By", "Reason", "Used"],
      pm.approvals.map((a) => [
        code(a.command),
        a.requestedBy,
        a.requestedAt,
        a.decision ?? "pending",
        or(a.decidedBy),
        or(a.reason),
        a.used ? "yes" : "no",
      ]),
    ),
  );
  out.push(
    h(2, "Run step and Run all"),
    pm.runAlls.length
      ? list(
          pm.runAlls.map((r) => ({
            inlines: [
              `${r.scope === "step" ? "Run step" : "Run all from"} “${r.from}”, ${r.commands} commands, started ${r.startedAt} by ${r.startedBy}: ${r.outcome}. `,
              r.history.map((x) => `${x.at} ${x.by}: ${x.what}`).join(" · "),
            ],
          })),
        )
      : p("Commands were run one by one."),
    p(
      "What this incident suggests changing in the runbook, as a diff for ",
      code("git apply"),
      ": ",
      link("Suggested runbook changes", pm.runbookSuggestions),
      ".",
    ),
  );
  out.push(
    h(2, "Root cause analysis (to fill in)"),
    pm.rootCauseAnalysis.length
      ? list(pm.rootCauseAnalysis.map((r) => ({ checked: false, inlines: [`${r.group ? `${r.group}: ` : ""}${r.item}`] })))
      : p("The runbook has no Root Cause Analysis section."),
  );
  out.push(
    h(2, "Timeline integrity"),
    pm.chain.intact
      ? p(
          `Hash chain intact: ${pm.chain.events} events, head `,
          code(pm.chain.headHash ?? ""),
          pm.chain.anchoredHead
            ? `. The head of event ${pm.chain.anchoredHead.seq} is also anchored outside the database (${pm.chain.anchoredHead.hash.slice(0, 16)}…)`
            : ". No head is anchored outside the database yet",
          ". Check it with ",
          code(`npm run --silent runlog -- verify ${i.id}`),
          ".",
        )
      : p(
          strong(`Hash chain BROKEN at event ${pm.chain.brokenAt}`),
          ": the database was changed outside Runlog; this log cannot be trusted past that event.",
        ),
  );
  return out;
}
