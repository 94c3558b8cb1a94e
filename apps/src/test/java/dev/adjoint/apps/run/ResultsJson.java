package dev.adjoint.apps.run;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads back the parts of a {@code results.json} the app tests check: a row of the comparison table and a flat
 * array of numbers. It relies on the layout {@link Comparison#toJson} and {@code Json.write} produce.
 */
public final class ResultsJson {
    private static final String NUMBER = "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|null)";

    /** One row of the comparison table as written: NaN stands for null; {@code pass} is null when there is none. */
    public record Row(double ours, double published, Boolean pass) {
    }

    private ResultsJson() {
    }

    /** The row whose metric is exactly {@code metric}. */
    public static Row row(String json, String metric) {
        Matcher m = Pattern.compile("\"metric\": \"" + Pattern.quote(metric) + "\",\\s*\"ours\": " + NUMBER
                + ",\\s*\"published\": " + NUMBER + ",\\s*\"source\": \"[^\"]*\",\\s*\"pass\": (true|false|null)")
                .matcher(json);
        if (!m.find()) {
            throw new AssertionError("no row '" + metric + "' in\n" + json);
        }
        return new Row(number(m.group(1)), number(m.group(2)), m.group(3).equals("null") ? null
                : Boolean.valueOf(m.group(3)));
    }

    /** The first array of numbers under {@code key}. */
    public static double[] numbers(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": \\[([^\\]\\[{}]*)\\]").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no array of numbers '" + key + "' in\n" + json);
        }
        return Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToDouble(ResultsJson::number).toArray();
    }

    private static double number(String text) {
        return text.equals("null") ? Double.NaN : Double.parseDouble(text);
    }
}
