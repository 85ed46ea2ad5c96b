import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/**
 * The compatibility oracle: Apache Avro's own SchemaCompatibility.checkReaderWriterCompatibility for every
 * (reader, writer) pair of a JSON file, in one JVM.
 *
 * Input (argument 1): [{"id": "...", "reader": SCHEMA, "writer": SCHEMA,
 *                       "readerReferences": [SCHEMA...], "writerReferences": [SCHEMA...]}...]
 * where references are schemas defining named types the reader or writer uses, parsed first.
 * Output (stdout): [{"id", "compatible", "incompatibilities": [{"type", "location", "message"}]}
 *                   | {"id", "error"}...], in input order.
 */
public final class AvroCompatOracle {
  private AvroCompatOracle() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode cases = mapper.readTree(new File(args[0]));
    ArrayNode out = mapper.createArrayNode();
    for (JsonNode entry : cases) {
      ObjectNode result = out.addObject();
      result.put("id", entry.get("id").asText());
      try {
        Schema reader = parse(entry.get("reader"), entry.get("readerReferences"));
        Schema writer = parse(entry.get("writer"), entry.get("writerReferences"));
        SchemaCompatibilityResult compatibility =
            SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        result.put(
            "compatible",
            compatibility.getCompatibility() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        ArrayNode list = result.putArray("incompatibilities");
        for (Incompatibility incompatibility : compatibility.getIncompatibilities()) {
          ObjectNode item = list.addObject();
          item.put("type", incompatibility.getType().name());
          item.put("location", incompatibility.getLocation());
          item.put("message", incompatibility.getMessage());
        }
      } catch (RuntimeException error) {
        result.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
      }
    }
    System.out.println(mapper.writeValueAsString(out));
  }

  // One parser per side: references first, so the schema can use the named types they define.
  private static Schema parse(JsonNode schema, JsonNode references) {
    Schema.Parser parser = new Schema.Parser();
    if (references != null) {
      for (JsonNode reference : references) parser.parse(reference.toString());
    }
    return parser.parse(schema.toString());
  }
}
