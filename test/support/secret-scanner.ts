import { randomUUID } from "node:crypto";
import { inspect } from "node:util";

/** A planted secret and every spelling of it that would give it away. */
export interface PlantedSecret {
  readonly name: string;
  readonly forms: readonly string[];
}

/** A distinct secret value, unlike any other text in the process: `<label>-<uuid>`. */
export function secretValue(label: string): string {
  return `${label}-${randomUUID()}`;
}

/** The secret as given, URL-encoded and base64-encoded. */
export function plant(name: string, value: string, extraForms: readonly string[] = []): PlantedSecret {
  const forms = new Set([value, encodeURIComponent(value), Buffer.from(value).toString("base64"), ...extraForms]);
  return { name, forms: [...forms].filter((form) => form.length >= 8) };
}

/** A basic-auth password, also as the base64 `user:password` of an Authorization header. */
export function plantBasic(name: string, username: string, password: string): PlantedSecret {
  return plant(name, password, [Buffer.from(`${username}:${password}`).toString("base64")]);
}

/**
 * Every rendering of an error a user or a log pipeline might see: message, stack, JSON.stringify,
 * util.inspect (shallow and with hidden properties), for the error and each cause (and AggregateError
 * member) down the chain.
 */
export function renderError(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (seen.has(value) || depth > 20) return;
    seen.add(value);
    texts.push(inspect(value, { depth: null }));
    texts.push(inspect(value, { depth: null, showHidden: true }));
    texts.push(String(safeJson(value)));
    if (value instanceof Error) {
      texts.push(value.message, value.stack ?? "", String(value));
      visit(value.cause, depth + 1);
      if (value instanceof AggregateError) for (const member of value.errors) visit(member, depth + 1);
    } else if (typeof value === "object" && value !== null) {
      texts.push(String(value));
    }
  };
  visit(error, 0);
  return texts;
}

/** Names of the secrets (and the rendering they were found in) that appear in any of the texts. */
export function findSecrets(texts: readonly string[], secrets: readonly PlantedSecret[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const form of secret.forms) {
      const at = texts.findIndex((text) => text.includes(form));
      if (at !== -1) {
        const text = texts[at] ?? "";
        const index = text.indexOf(form);
        found.push(`${secret.name} in rendering ${at}: …${text.slice(Math.max(0, index - 80), index + 20)}…`);
        break;
      }
    }
  }
  return found;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "undefined";
  } catch (error) {
    return `unserialisable: ${String(error)}`;
  }
}
