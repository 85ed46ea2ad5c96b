import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Java peer of `npm run bench:produce`: kafka-clients producing raw bytes into one topic.
 *
 * <p>Flags: --brokers=B --topic=T --records=N --warmup=W --keys=K --value-bytes=V --linger-ms=L
 * --batch-size=S. Keys are "user-(i mod K)", values V opaque bytes; acks=all, the other settings are
 * kafka-clients' defaults (idempotence on). send() per record, then flush(). Prints one JSON line:
 * {"seconds": wall, "cpuSeconds": CPU of the whole JVM, every thread, GC and JIT included}.
 */
public final class BenchProducer {
  private BenchProducer() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) throw new IllegalArgumentException("expected --name=value: " + arg);
      args.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    String topic = required(args, "topic");
    int records = Integer.parseInt(required(args, "records"));
    int warmup = Integer.parseInt(required(args, "warmup"));
    int keyCount = Integer.parseInt(required(args, "keys"));
    int valueBytes = Integer.parseInt(required(args, "value-bytes"));

    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, required(args, "brokers"));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, required(args, "linger-ms"));
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, required(args, "batch-size"));
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

    byte[][] keys = new byte[keyCount][];
    for (int k = 0; k < keyCount; k++) keys[k] = ("user-" + k).getBytes(StandardCharsets.UTF_8);
    byte[][] values = new byte[256][];
    for (int fill = 0; fill < 256; fill++) {
      values[fill] = new byte[valueBytes];
      Arrays.fill(values[fill], (byte) fill);
    }
    // One callback for every record: it only keeps the first failure, so a lost record fails the run.
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onAck = (metadata, error) -> {
      if (error != null) failure.compareAndSet(null, error);
    };

    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < warmup; i++) {
        producer.send(new ProducerRecord<>(topic, keys[i % keyCount], values[i & 0xff]), onAck);
      }
      producer.flush();
      long cpu = os.getProcessCpuTime();
      long started = System.nanoTime();
      for (int i = warmup; i < warmup + records; i++) {
        producer.send(new ProducerRecord<>(topic, keys[i % keyCount], values[i & 0xff]), onAck);
      }
      producer.flush();
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
      if (failure.get() != null) throw failure.get();
      System.out.println("{\"seconds\": " + seconds + ", \"cpuSeconds\": " + cpuSeconds + "}");
    }
  }

  private static String required(Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null) throw new IllegalArgumentException("missing --" + name + "=...");
    return value;
  }
}
