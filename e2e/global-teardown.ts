import { rm } from "node:fs/promises";
import { E2E_ROOT } from "./e2e-env";

export default async function globalTeardown(): Promise<void> {
  await rm(E2E_ROOT, { recursive: true, force: true });
}
