/** One difference between two versions of a .proto file, as a rule set reports it. */
export interface ProtobufDifference {
  /** The rule's name: Confluent's (`FIELD_KIND_CHANGED`, ...) or one of the strict rules'. */
  readonly type: string;
  /** Confluent's path: `#/` then message names, oneof name and field or value number (`#/Order/3`). */
  readonly location: string;
  /** What a person calls the thing that changed: `Order.note`, `Order`, `Color.RED`, a package name. */
  readonly target: string;
}

/** Collects differences under a path that grows and shrinks as the comparison walks the file. */
export class DifferenceLog {
  readonly differences: ProtobufDifference[] = [];
  #path: string[];

  constructor(path: readonly string[] = []) {
    this.#path = [...path];
  }

  /** Runs `body` with `segment` appended to the path. */
  within<T>(segment: string, body: () => T): T {
    this.#path.push(segment);
    try {
      return body();
    } finally {
      this.#path.pop();
    }
  }

  add(type: string, target: string): void {
    this.differences.push({ type, location: `#/${this.#path.join("/")}`, target });
  }
}

/** The differences without repeats of the same rule at the same place, in the order first found. */
export function distinctDifferences(differences: readonly ProtobufDifference[]): ProtobufDifference[] {
  const seen = new Set<string>();
  return differences.filter((difference) => {
    const key = `${difference.type} ${difference.location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
