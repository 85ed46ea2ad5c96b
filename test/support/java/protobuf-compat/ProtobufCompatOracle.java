import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apicurio.registry.content.TypedContent;
import io.apicurio.registry.protobuf.ProtobufDifference;
import io.apicurio.registry.protobuf.rules.compatibility.ProtobufCompatibilityChecker;
import io.apicurio.registry.protobuf.rules.compatibility.protobuf.ProtobufCompatibilityCheckerLibrary;
import io.apicurio.registry.rules.compatibility.CompatibilityLevel;
import io.apicurio.registry.utils.protobuf.schema.ProtobufFile;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * The Protobuf compatibility oracle: Apicurio Registry's own ProtobufCompatibilityChecker (the code its
 * compatibility rule runs) for every (old, new) pair of .proto texts in a JSON file, in one JVM.
 *
 * Input (argument 1): [{"id": "...", "old": PROTO_TEXT, "new": PROTO_TEXT}...]
 * Output (stdout): [{"id", "BACKWARD": bool, "FORWARD": bool, "FULL": bool,
 *                    "backward": [difference...], "forward": [difference...]} | {"id", "error"}...],
 * in input order; "backward" lists the checker library's differences with the old file as "before" and
 * the new one as "after" (what its BACKWARD level checks), "forward" the reverse.
 */
public final class ProtobufCompatOracle {
  private ProtobufCompatOracle() {}

  private static final String PROTOBUF = "application/x-protobuf";

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode cases = mapper.readTree(new File(args[0]));
    ProtobufCompatibilityChecker checker = new ProtobufCompatibilityChecker();
    ArrayNode out = mapper.createArrayNode();
    for (JsonNode entry : cases) {
      ObjectNode result = out.addObject();
      result.put("id", entry.get("id").asText());
      try {
        String oldText = entry.get("old").asText();
        String newText = entry.get("new").asText();
        List<TypedContent> existing = List.of(TypedContent.create(oldText, PROTOBUF));
        TypedContent proposed = TypedContent.create(newText, PROTOBUF);
        for (String level : List.of("BACKWARD", "FORWARD", "FULL")) {
          boolean compatible = checker
              .testCompatibility(CompatibilityLevel.valueOf(level), existing, proposed, Map.of())
              .isCompatible();
          result.put(level, compatible);
        }
        ProtobufFile before = new ProtobufFile(oldText);
        ProtobufFile after = new ProtobufFile(newText);
        differences(result.putArray("backward"), new ProtobufCompatibilityCheckerLibrary(before, after));
        differences(result.putArray("forward"), new ProtobufCompatibilityCheckerLibrary(after, before));
      } catch (RuntimeException error) {
        result.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
      }
    }
    System.out.println(mapper.writeValueAsString(out));
  }

  private static void differences(ArrayNode into, ProtobufCompatibilityCheckerLibrary library) {
    for (ProtobufDifference difference : library.findDifferences()) into.add(difference.getMessage());
  }
}
