package org.kvmstack.cloud.keypair;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.kvmstack.cloud.error.BadRequest;

/**
 * A public key in OpenSSH's one-line format ({@code ssh-ed25519 AAAA... comment}): parsed and checked
 * (the blob must be valid base64 and start with the same algorithm name, RSA and Ed25519 blobs must have
 * their fields), or written from a JDK key.
 */
record OpenSshPublicKey(String algorithm, byte[] blob, String comment) {
    private static final Set<String> ALGORITHMS = Set.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    /** @throws BadRequest with Nova's message when the text is not an OpenSSH public key */
    static OpenSshPublicKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("the public key is empty");
        }
        String[] parts = text.trim().split("\\s+", 3);
        if (parts.length < 2 || !ALGORITHMS.contains(parts[0])) {
            throw invalid("expected '<algorithm> <base64> [comment]' with algorithm one of " + ALGORITHMS);
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid("the key is not valid base64");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(blob);
            String inner = new String(readString(in), StandardCharsets.US_ASCII);
            if (!inner.equals(parts[0])) {
                throw invalid("the key says " + parts[0] + " but its data is " + inner);
            }
            if (inner.equals("ssh-rsa")) {
                readString(in); // e
                byte[] n = readString(in);
                if (new BigInteger(1, n).bitLength() < 1024) {
                    throw invalid("RSA keys must have at least 1024 bits");
                }
            } else if (inner.equals("ssh-ed25519") && readString(in).length != 32) {
                throw invalid("an Ed25519 key has 32 bytes");
            }
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw invalid("the key data is truncated");
        }
        return new OpenSshPublicKey(parts[0], blob, parts.length == 3 ? parts[2] : null);
    }

    static OpenSshPublicKey of(PublicKey key, String comment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (key instanceof RSAPublicKey rsa) {
            writeString(out, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
            writeString(out, rsa.getPublicExponent().toByteArray());
            writeString(out, rsa.getModulus().toByteArray());
            return new OpenSshPublicKey("ssh-rsa", out.toByteArray(), comment);
        }
        if (key instanceof EdECPublicKey ed) {
            // RFC 8032: the y coordinate little-endian, the sign of x in the top bit of the last byte.
            byte[] y = ed.getPoint().getY().toByteArray();
            byte[] encoded = new byte[32];
            for (int i = 0; i < y.length && i < 32; i++) {
                encoded[i] = y[y.length - 1 - i];
            }
            if (ed.getPoint().isXOdd()) {
                encoded[31] |= (byte) 0x80;
            }
            writeString(out, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
            writeString(out, encoded);
            return new OpenSshPublicKey("ssh-ed25519", out.toByteArray(), comment);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    String text() {
        String base = algorithm + " " + Base64.getEncoder().encodeToString(blob);
        return comment == null ? base : base + " " + comment;
    }

    /** MD5 of the blob as colon-separated hex, the fingerprint Nova shows. */
    String md5Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(blob);
            return HexFormat.ofDelimiter(":").formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    private static byte[] readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static void writeString(ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >>> 24);
        out.write(value.length >>> 16);
        out.write(value.length >>> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static BadRequest invalid(String why) {
        return new BadRequest("Keypair data is invalid: failed to generate fingerprint (" + why + ")");
    }
}
