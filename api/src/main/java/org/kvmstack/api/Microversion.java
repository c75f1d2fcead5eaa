package org.kvmstack.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmstack.cloud.error.BadRequest;

/** An OpenStack API microversion, {@code major.minor}, ordered numerically (2.10 > 2.9). */
public record Microversion(int major, int minor) implements Comparable<Microversion> {
    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})$");

    /**
     * Parses {@code "2.79"}.
     *
     * @throws BadRequest when the text is not {@code major.minor}
     */
    public static Microversion parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new BadRequest("Version " + text.trim() + " is not a valid microversion; use major.minor, e.g. 2.1, or 'latest'");
        }
        return new Microversion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public int compareTo(Microversion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
