/** A variable whose name says it holds a secret: always stored encrypted and shown masked. */
export function isSecretName(name: string): boolean {
  return /KEY|SECRET|TOKEN|PASSW|PASS($|_)|CREDENTIAL/i.test(name);
}
