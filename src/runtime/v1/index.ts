// schemakit/runtime/v1: the only module generated code imports (arrives with the codegen issue).
export {};
