package livechat.tools;

import picocli.CommandLine.ITypeConverter;

import java.time.Duration;

/** Durations as {@code 90s}, {@code 5m} or ISO-8601 ({@code PT90S}). */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return value.toUpperCase().startsWith("P") ? Duration.parse(value) : Duration.parse("PT" + value);
    }
}
