import { targetCommand, type TargetArgs } from "../cli/target-command";

/** `runlog target …` as an admin runs it, its output captured; never at a terminal (nothing is confirmed by a prompt). */
export async function runTargetCli(cliEnv: Record<string, string>, args: Partial<TargetArgs> & { action: string }) {
  let out = "";
  let err = "";
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (err += `${t}\n`), readStdin: async () => "" };
  const code = await targetCommand({ rest: [], ...args }, io, { ...process.env, ...cliEnv }).catch((e: Error) => {
    err += e.message;
    return 2;
  });
  return { code, out, err };
}
