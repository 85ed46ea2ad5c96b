/**
 * A file-system error as a short detail for a typed error: "permission denied (EACCES)". Node's own
 * message repeats the syscall and the absolute path, which the typed error already names.
 */
export function fsErrorDetail(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as NodeJS.ErrnoException).code;
  if (typeof code !== "string") return cause.message;
  // "EACCES: permission denied, open '/x'" → "permission denied"
  const phrase = /^[A-Z0-9_]+: ([^,]+)/.exec(cause.message)?.[1];
  return phrase === undefined ? code : `${phrase} (${code})`;
}

/** The errno code of a file-system error, if it is one. */
export function fsErrorCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}
