import type { StepStatus } from "@/server/shared/step-progress";

/** A step state's text colour, the same in the step list and the outline; the state's word always goes with it. */
export const STEP_TONE: Record<StepStatus, string> = {
  "not started": "text-zinc-400",
  "in progress": "text-sky-300",
  done: "text-emerald-300",
  failed: "text-red-300",
  skipped: "text-zinc-400",
};
