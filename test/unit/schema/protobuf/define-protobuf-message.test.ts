import { describe, expect, it } from "vitest";
import { defineProtobufFile, defineProtobufMessage } from "../../../../src/schema/index.js";

// "syntax = proto3; message A {}" as a FileDescriptorProto: name "a.proto", one message "A", syntax proto3.
const A_PROTO = Buffer.from("0a07612e70726f746f22030a0141620670726f746f33", "hex").toString("base64");
const A_TEXT = 'syntax = "proto3";\n\nmessage A {\n}\n';

class A {
  readonly text: string;
  constructor(init: { text?: string }) {
    this.text = init.text ?? "";
  }
}

describe("defineProtobufFile / defineProtobufMessage", () => {
  const file = defineProtobufFile({ path: "a.proto", schema: A_TEXT, descriptor: A_PROTO });

  it("builds frozen descriptors carrying path, schema, imports and message indexes", () => {
    expect(file).toMatchObject({ kind: "protobuf", descType: "file", path: "a.proto", schema: A_TEXT });
    expect(file.descriptor).toBe(A_PROTO);
    expect(file.imports()).toEqual([]);
    const message = defineProtobufMessage({ name: "A", file, messageIndexes: [0], messageClass: A });
    expect(message).toMatchObject({ kind: "protobuf", descType: "message", name: "A", messageIndexes: [0] });
    expect(Object.isFrozen(message) && Object.isFrozen(message.messageIndexes)).toBe(true);
    expect(message.create({ text: "x" })).toEqual(new A({ text: "x" }));
    expect(message.isInstance?.(new A({}))).toBe(true);
    expect(message.isInstance?.({ text: "" })).toBe(false);
  });

  it("accepts a file generated before .proto text was registered: its base64 schema is the descriptor", () => {
    const legacy = defineProtobufFile({ path: "a.proto", schema: A_PROTO });
    expect(legacy).toMatchObject({ schema: A_PROTO, descriptor: A_PROTO });
  });

  it("keeps messages plain objects without a class", () => {
    const plain = defineProtobufMessage<{ text: string }>({ name: "A", file, messageIndexes: [0] });
    expect(plain.create({ text: "x" })).toEqual({ text: "x" });
    expect(plain.isInstance).toBeUndefined();
  });

  it.each([
    [{ path: "/abs/a.proto", schema: A_TEXT, descriptor: A_PROTO }, /relative import path/],
    [{ path: "a.txt", schema: A_TEXT, descriptor: A_PROTO }, /ending in .proto/],
    [{ path: "a.proto", schema: A_TEXT, descriptor: "syntax = 'proto3';" }, /base64 FileDescriptorProto/],
    [{ path: "a.proto", schema: A_TEXT, descriptor: "" }, /base64 FileDescriptorProto/],
    [{ path: "a.proto", schema: " \n", descriptor: A_PROTO }, /the file's .proto text/],
    [{ path: "a.proto", schema: A_TEXT }, /base64 FileDescriptorProto/],
  ])("refuses a file definition %#", (definition, message) => {
    expect(() => defineProtobufFile(definition)).toThrow(message);
  });

  it.each([
    [{ name: "", file, messageIndexes: [0] }, /full message name/],
    [{ name: "A", file, messageIndexes: [] }, /non-empty path/],
    [{ name: "A", file, messageIndexes: [-1] }, /non-empty path/],
    [{ name: "A", file, messageIndexes: [0.5] }, /non-empty path/],
    [{ name: "A", file: { ...file, kind: "avro" }, messageIndexes: [0] }, /defineProtobufFile/],
  ])("refuses a message definition %#", (definition, message) => {
    expect(() => defineProtobufMessage(definition as never)).toThrow(message);
  });
});
