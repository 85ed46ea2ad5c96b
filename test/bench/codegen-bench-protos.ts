import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

// The .proto half of `npm run bench:codegen -- --proto`: 1,000 scripted files in 20 packages of 50 files
// each. Every file holds three messages (one with a nested message and a nested enum, a map, a oneof, a
// repeated field, proto3 `optional`), a top-level enum, and imports google/protobuf/timestamp.proto and a
// sibling: the first file of its folder, which itself imports a shared common.proto.

export const PROTO_FILES = 1_000;
const PER_PACKAGE = 50;

function common(): string {
  return `syntax = "proto3";

package bench.common;

// Money in minor units.
message Money {
  string currency = 1;
  int64 units = 2;
}
`;
}

function protoFile(index: number): string {
  const group = Math.floor(index / PER_PACKAGE);
  const first = group * PER_PACKAGE;
  const sibling = index === first ? "bench/common/common.proto" : `bench/group${group}/file${first}.proto`;
  const siblingType = index === first ? ".bench.common.Money" : `.bench.group${group}.Order${first}`;
  return `syntax = "proto3";

package bench.group${group};

import "google/protobuf/timestamp.proto";
import "${sibling}";

// The state of order ${index}.
enum Status${index} {
  STATUS${index}_UNSPECIFIED = 0;
  STATUS${index}_OPEN = 1;
  STATUS${index}_CLOSED = 2;
}

// A scripted order.
message Order${index} {
  // One line of the order.
  message Line {
    string sku = 1;
    uint32 quantity = 2;
    Kind kind = 3;
    enum Kind {
      KIND_UNSPECIFIED = 0;
      KIND_GOODS = 1;
      KIND_SERVICE = 2;
    }
  }

  string id = 1;
  google.protobuf.Timestamp placed_at = 2;
  Status${index} status = 3;
  repeated Line lines = 4;
  map<string, string> labels = 5;
  optional string note = 6;
  int64 total = 7;
  oneof payment {
    string card = 8;
    string voucher = 9;
  }
  ${siblingType} related = 10;
}

// Emitted when order ${index} is placed.
message Placed${index} {
  Order${index} order = 1;
  bytes signature = 2;
  double score = 3;
}

message Cancelled${index} {
  string order_id = 1;
  string reason = 2;
  bool refunded = 3;
  repeated sint32 codes = 4;
}
`;
}

/** Writes common.proto and the scripted files under `dir` (the include path); answers the file count. */
export async function writeBenchProtos(dir: string): Promise<number> {
  await mkdir(join(dir, "bench", "common"), { recursive: true });
  await writeFile(join(dir, "bench", "common", "common.proto"), common());
  for (let group = 0; group * PER_PACKAGE < PROTO_FILES; group += 1)
    await mkdir(join(dir, "bench", `group${group}`), { recursive: true });
  for (let index = 0; index < PROTO_FILES; index += 1) {
    const group = Math.floor(index / PER_PACKAGE);
    await writeFile(join(dir, "bench", `group${group}`, `file${index}.proto`), protoFile(index));
  }
  return PROTO_FILES + 1;
}
