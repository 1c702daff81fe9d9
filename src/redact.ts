/**
 * Secrets (consumer secret, OAuth token and token secret, signatures) must never reach output,
 * logs, errors or the state. Every place that prints something it did not write itself — an
 * error message from a library, a URL, a request dump — passes it through `redactSecrets`.
 */

const registered = new Set<string>();

/** Register a secret value so that it is masked wherever it appears later. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) registered.add(value);
}

/** Forget registered secrets (tests). */
export function clearSecrets(): void {
  registered.clear();
}

const PARAM_PATTERN =
  /\b(oauth_(?:signature|token|token_secret|verifier|consumer_secret|nonce)|consumer_?secret|token_?secret|api_sig)(["']?\s*[=:]\s*["']?)([^&\s"',}]+)/gi;

export function redactSecrets(text: string): string {
  let out = text.replace(PARAM_PATTERN, (_m, key: string, sep: string) => `${key}${sep}[redacted]`);
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join("[redacted]");
  }
  return out;
}
