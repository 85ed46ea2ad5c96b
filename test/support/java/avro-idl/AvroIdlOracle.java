import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.idl.IdlFile;
import org.apache.avro.idl.IdlReader;

/**
 * Prints, for each .avdl file named on the command line, one JSON line with what Apache Avro's IDL compiler
 * derives from it: {"file", "protocol"} for a protocol file, {"file", "schema", "types"} for a file in the
 * schema syntax (the main schema or null, and every named schema on its own), or {"file", "error"} when the
 * compiler rejects the file. Each file is read with a fresh IdlReader, as `avro-tools idl` does.
 */
public final class AvroIdlOracle {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (String file : args) {
      ObjectNode line = mapper.createObjectNode();
      line.put("file", file);
      try {
        IdlFile idl = new IdlReader().parse(Path.of(file));
        Protocol protocol = idl.getProtocol();
        if (protocol != null) {
          line.set("protocol", mapper.readTree(protocol.toString()));
        } else {
          Schema main = idl.getMainSchema();
          line.set("schema", main == null ? null : mapper.readTree(main.toString()));
          ArrayNode types = line.putArray("types");
          for (Schema type : idl.getNamedSchemas().values()) types.add(mapper.readTree(type.toString()));
        }
      } catch (Exception | StackOverflowError e) {
        line.put("error", String.valueOf(e));
      }
      System.out.println(mapper.writeValueAsString(line));
    }
  }
}
