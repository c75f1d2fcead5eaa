package org.kvmstack.cli.output;

import java.util.List;
import java.util.Objects;

/**
 * What a command prints: {@code data} is serialized as is for json/yaml (records, lists and maps; its shape is the
 * scripting contract), {@code views} are shown to people and flattened for {@code value}.
 */
public record Result(Object data, List<View> views) {
    public Result {
        Objects.requireNonNull(data, "data");
        views = List.copyOf(views);
    }

    public static Result of(Object data, View... views) {
        return new Result(data, List.of(views));
    }
}
