package dev.itsm.core.id;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids derived from input. Never random and never from the wall clock: a replay after a failure must
 * regenerate the same ids so that the idempotent sinks overwrite instead of duplicating.
 */
public final class Ids {
    private static final int ID_BYTES = 16;

    private Ids() {}

    /**
     * The first 16 bytes of SHA-256 over the parts, as 32 lowercase hex characters.
     *
     * <p>Each part is hashed as its UTF-8 length (4 bytes, big-endian) followed by its bytes, so no choice of
     * content can make two different part lists collide: {@code ("ab", "c")} and {@code ("a", "bc")} differ. A
     * {@code null} part is allowed (an absent optional field) and differs from {@code ""}.
     */
    public static String stable(String... parts) {
        MessageDigest sha = sha256();
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        for (String part : parts) {
            byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
            sha.update(length.clear().putInt(part == null ? -1 : bytes.length).array());
            sha.update(bytes);
        }
        byte[] digest = sha.digest();
        return HexFormat.of().formatHex(digest, 0, ID_BYTES);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
