import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Config } from "../config";
import { keyFile } from "./key-file";

const PREFIX = "enc:v1:";

/**
 * Encrypts what must be kept but never read in clear from the database: secret variable values
 * and the shell state commands leave (which can hold copies of them). AES-256-GCM, a fresh IV
 * per value; the key comes from RUNLOG_SECRET_KEY or a key file in the data folder (0600).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("The secret key must be 32 bytes.");
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  }

  /** Values written before encryption existed are returned as they are. */
  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("A stored secret cannot be decrypted: the secret key changed (RUNLOG_SECRET_KEY or data/secret.key).");
    }
  }
}

const g = globalThis as unknown as { runlogSecretBoxes?: Map<string, SecretBox> };

/** The box for this configuration: one per data folder per process. */
export function secretBox(cfg: Config): SecretBox {
  g.runlogSecretBoxes ??= new Map();
  let box = g.runlogSecretBoxes.get(cfg.dataDir);
  if (!box) {
    box = new SecretBox(secretKeyBytes(cfg));
    g.runlogSecretBoxes.set(cfg.dataDir, box);
  }
  return box;
}

/** Runlog's secret key: from RUNLOG_SECRET_KEY, else the data folder's key file (0600, made on first use). */
export function secretKeyBytes(cfg: Config): Buffer {
  return Buffer.from(cfg.secretKey ?? keyFile(cfg.dataDir, "secret.key"), "hex");
}
