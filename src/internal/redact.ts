/** What replaces a credential found in text that came from elsewhere (a registry answer, a peer's error). */
export const REDACTED = "[redacted]";

/**
 * `text` with every occurrence of each secret replaced by REDACTED, longest secret first (so a secret
 * that contains another is replaced whole). For text schemakit does not write itself: a server or proxy
 * may echo the request it got, credentials included.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  const ordered = [...new Set(secrets)].filter((secret) => secret !== "").sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of ordered) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/**
 * `text` cut to `maxChars`, saying how much was left out: an error message is read by people and log
 * pipelines, and a megabyte answer helps neither. Redact first, so no secret is cut in half and missed.
 */
export function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}
