import { readdir, stat } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

// Where scripts/services keeps the single broker's log segments (its SERVICES_STATE rule).
function brokerDataDir(): string {
  const state = process.env["SERVICES_STATE"] ?? join(tmpdir(), `schemakit-services-${userInfo().uid}`);
  return join(state, "kafka", "data", "kraft-logs");
}

/**
 * Bytes of the topic's log segments on the local broker's disk (every partition), or undefined when the
 * broker is not one the services scripts started here. What a record costs on disk shows how full the
 * batches were: each batch adds 61 bytes of header to its records.
 */
export async function topicBytesOnDisk(topic: string): Promise<number | undefined> {
  const dataDir = brokerDataDir();
  let entries: string[];
  try {
    entries = await readdir(dataDir);
  } catch {
    return undefined;
  }
  const partitionDirs = entries.filter(
    (entry) => entry.startsWith(`${topic}-`) && /^\d+$/.test(entry.slice(topic.length + 1)),
  );
  if (partitionDirs.length === 0) return undefined;
  let bytes = 0;
  for (const dir of partitionDirs) {
    for (const file of await readdir(join(dataDir, dir))) {
      if (file.endsWith(".log")) bytes += (await stat(join(dataDir, dir, file))).size;
    }
  }
  return bytes;
}
