// A job that throws every N records and restarts: kinetic's tests read its exception history
// and root cause from a real Flink.
//
// Arguments: [throw-every-n-records] [records-per-second]

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

public class FailingJob {
    public static void main(String[] args) throws Exception {
        long every = args.length > 0 ? Long.parseLong(args[0]) : 500L;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 100.0;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(2_000);

        GeneratorFunction<Long, Long> generator = index -> index;
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                generator, Long.MAX_VALUE, RateLimiterStrategy.perSecond(rate), Types.LONG);

        env.fromSource(source, WatermarkStrategy.noWatermarks(), "payments-source")
                .uid("payments-source")
                .map(index -> {
                    if (index > 0 && index % every == 0) {
                        throw new IllegalStateException(
                                "payment " + index + " has no currency (thrown every " + every + " records)");
                    }
                    return index;
                })
                .returns(Types.LONG)
                .name("validate-payment").uid("validate-payment")
                .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        env.execute("failing-job");
    }
}
