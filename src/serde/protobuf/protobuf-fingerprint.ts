import { createHash } from "node:crypto";
import type { ProtobufFileDesc } from "../../schema/index.js";
import { isKnownType } from "./protobuf-references.js";
import { filesInOrder } from "./protobuf-schemas.js";

/**
 * The lockfile fingerprint of a Protobuf schema: the first 16 hex digits of the SHA-256 of the canonical
 * .proto texts of the file and of every file it imports (imports first; the known types Confluent's
 * serializers do not register left out). Readers of a schema id depend on all of it: a changed import
 * changes the layout of the messages that use it. Paths are left out, as the texts name their imports
 * themselves: a file pulled under another name has the same fingerprint.
 */
export function protobufFingerprint(texts: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(texts)).digest("hex").slice(0, 16);
}

/** The canonical texts a file's fingerprint covers, as the runtime descriptors hold them. */
export function fingerprintedTexts(file: ProtobufFileDesc): string[] {
  return filesInOrder(file)
    .filter((entry) => !isKnownType(entry.path))
    .map((entry) => entry.schema);
}
