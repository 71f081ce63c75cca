import { z } from "zod";

/** What running a command can do, from least to most: the order is the ranking. */
export const ZRisk = z.enum(["read-only", "mutating", "destructive"]);
export type Risk = z.infer<typeof ZRisk>;

export function riskRank(r: Risk): number {
  return ZRisk.options.indexOf(r);
}

export function riskiest(risks: Risk[]): Risk {
  return ZRisk.options[Math.max(0, ...risks.map(riskRank))]!;
}
