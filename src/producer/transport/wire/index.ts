export {
  type HeaderValue,
  NO_PRODUCER_STATE,
  type ProducerState,
  RecordBatchBuilder,
} from "./record-batch/record-batch-builder.js";
export { WireTransport, type WireTransportOptions } from "./wire-transport.js";
