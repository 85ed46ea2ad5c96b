/**
 * Avro's name rule: a name with a dot is already full; a name without one lives in the enclosing namespace
 * (none when the namespace is missing or empty).
 */
export function qualifyName(name: string, namespace: string | undefined): string {
  return name.includes(".") || namespace === undefined || namespace === "" ? name : `${namespace}.${name}`;
}
