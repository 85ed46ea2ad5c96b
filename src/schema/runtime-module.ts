/**
 * The module generated code imports its descriptors' builders from. Versioned on its own: a new major
 * version of the generated-code contract gets a new module, so code generated for this one keeps working.
 */
export const RUNTIME_MODULE = "schemakit/runtime/v1";
