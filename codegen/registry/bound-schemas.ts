import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { CodegenInputError } from "../../src/errors/index.js";
import { type CodegenConfig, resolveCodegenConfig } from "../config/codegen-config.js";
import { findSchemaFiles, loadSchemaFile } from "../load/load-schema-files.js";
import { localProtobufSchemas } from "./local-protobuf-schemas.js";
import { type LocalSubject, localSubjects } from "./local-subjects.js";

/** The config of a registry command and the subjects its topics bind. */
export interface BoundSchemas {
  readonly config: CodegenConfig;
  /** The config file as shown in messages (relative to the working directory). */
  readonly configFile: string;
  /** The folder paths in the config are relative to. */
  readonly baseDir: string;
  readonly subjects: readonly LocalSubject[];
}

/** Reads the config (`--config FILE`, default ./schemakit.config.json) and the schemas of its inputs. */
export async function loadBoundSchemas(configFlag: string | undefined, cwd: string): Promise<BoundSchemas> {
  const { config, configFile, baseDir } = await readConfig(configFlag, cwd);
  if (config.inputs.length === 0)
    throw new CodegenInputError({ file: configFile, jsonPath: "$.inputs" }, "no inputs: no schemas to work on");
  const inputs = config.inputs.map((input) => resolve(baseDir, input));
  // .proto imports resolve as `schemakit generate` resolves them: the config's protoPaths, else its folder.
  const includePaths =
    config.protoPaths.length > 0 ? config.protoPaths.map((path) => resolve(baseDir, path)) : [baseDir];
  const [paths, protobuf] = await Promise.all([
    findSchemaFiles(inputs),
    localProtobufSchemas(inputs, includePaths, cwd),
  ]);
  const files = await Promise.all(paths.map((path) => loadSchemaFile(path, cwd)));
  const subjects = localSubjects(files, config.topics, config.references, configFile, protobuf);
  return { config, configFile, baseDir, subjects };
}

/** Reads and checks the config file; a missing default config is an input error naming it. */
export async function readConfig(
  configFlag: string | undefined,
  cwd: string,
): Promise<{ config: CodegenConfig; configFile: string; baseDir: string }> {
  const path = configFlag === undefined ? join(cwd, "schemakit.config.json") : resolve(cwd, configFlag);
  const configFile = relative(cwd, path).split("\\").join("/");
  const text = await readFile(path, "utf8").catch((cause: unknown) => {
    throw new CodegenInputError({ file: configFile }, "cannot read the config file", { cause });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CodegenInputError({ file: configFile }, "invalid JSON", { cause });
  }
  return { config: resolveCodegenConfig(json, configFile), configFile, baseDir: dirname(path) };
}

/**
 * For commands that use a config when there is one: `--config` must be read (its errors are the
 * command's); without it, a default config that is missing or unreadable only means no config.
 */
export function readOptionalConfig(
  configFlag: string | undefined,
  cwd: string,
): Promise<{ config: CodegenConfig; configFile: string; baseDir: string } | undefined> {
  return readConfig(configFlag, cwd).catch((error: unknown) => {
    if (configFlag === undefined) return undefined;
    throw error;
  });
}
