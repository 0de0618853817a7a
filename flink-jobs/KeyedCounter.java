// A keyed counter with state and checkpoints: kinetic's tests run it on a real Flink to read
// its operators, checkpoints and metrics, and to take and restore savepoints.
//
// Arguments: [records-per-second] [keys] [sink-busy-micros]
// count-per-key reports its highest count as the gauge highestCount: restored state shows there
// as counts that continue from the savepoint instead of starting again at one.
// keyed-counter-broken.jar is this file built with THROWS true: a bad new version whose
// count-per-key throws on every record (same job name, same operator ids).
// sink-to-payments spins for sink-busy-micros per record, so a high rate makes it the
// bottleneck and backpressures the operators before it.

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

public class KeyedCounter {
    static final boolean THROWS = false;

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 200.0;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        long busyMicros = args.length > 2 ? Long.parseLong(args[2]) : 0L;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(2_000);
        // One job vertex per operator, so each has its own busy and backpressured time.
        env.disableOperatorChaining();

        GeneratorFunction<Long, String> generator = index -> "key-" + (index % keys);
        DataGeneratorSource<String> source = new DataGeneratorSource<>(
                generator, Long.MAX_VALUE, RateLimiterStrategy.perSecond(rate), Types.STRING);

        DataStream<Tuple2<String, Long>> counts = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "orders-source")
                .uid("orders-source")
                .map(value -> value.trim()).returns(Types.STRING)
                .name("parse").uid("parse")
                .keyBy(value -> value)
                .process(new Count())
                .name("count-per-key").uid("count-per-key");

        counts
                .map(count -> {
                    long until = System.nanoTime() + busyMicros * 1_000L;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return count.f1;
                })
                .returns(Types.LONG)
                .name("sink-to-payments").uid("sink-to-payments")
                .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        env.execute("keyed-counter");
    }

    /** Counts records per key in keyed state, and emits the running count. */
    static class Count extends KeyedProcessFunction<String, String, Tuple2<String, Long>> {
        private transient ValueState<Long> count;
        private transient long highest;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            getRuntimeContext().getMetricGroup().gauge("highestCount", () -> highest);
        }

        @Override
        public void processElement(String key, Context context, Collector<Tuple2<String, Long>> out)
                throws Exception {
            if (THROWS) {
                throw new IllegalStateException("count-per-key cannot read " + key + " (new version bug)");
            }
            Long current = count.value();
            long next = (current == null ? 0L : current) + 1;
            count.update(next);
            highest = Math.max(highest, next);
            out.collect(Tuple2.of(key, next));
        }
    }
}
